//! Code that must not compile, checked with `trybuild` against the `.stderr` file beside each
//! case in `compile_fail/` (regenerate them with `TRYBUILD=overwrite cargo test -p ovh-tests
//! --test compile_fail`, and read the diff).

#[test]
fn a_typed_rule_replies_only_its_calls_answer_type() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/reply_of_another_type.rs");
}
