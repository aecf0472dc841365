//! Fake OVH server.
