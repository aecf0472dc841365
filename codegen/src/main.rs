//! `codegen`: generates the typed API of `ovh-api` from the OVH API console schemas.

fn main() {
    println!("codegen: not implemented yet");
}
