//! ovh_api
