//! No input makes the loader or the checker panic: random text, and the examples mutated.

use nianbao::check;
use nianbao::source::load_str;
use proptest::prelude::*;

fn load_and_check(text: &str) {
    if let Ok(loaded) = load_str(text) {
        let _ = check::check(&loaded.report);
        let _ = nianbao::layout::document(&loaded.report);
    }
}

const EXAMPLE: &str = include_str!("../examples/shili-jiaoyuju-2024.yaml");
const SEED: &str = include_str!("fixtures/zhangdian-minzheng-2020.yaml");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        load_and_check(&text);
    }

    #[test]
    fn random_yamlish_text_never_panics(text in "[模板机关年度表三本年新收: \\[\\]{},~0-9\\-\\n &*!|>'\"#]{0,300}") {
        load_and_check(&format!("模板: 2021\n{text}"));
    }

    #[test]
    fn mutated_examples_never_panic(
        pick in 0usize..2,
        edits in prop::collection::vec((0usize..20_000, prop::sample::select(vec!["", "-", "[", "]", ":", "~", "\n", " ", "99999999999999999999", "1.5", "&a", "*a", "\t"])), 1..6),
    ) {
        let mut chars: Vec<char> = if pick == 0 { EXAMPLE } else { SEED }.chars().collect();
        for (at, insert) in edits {
            let at = at % chars.len();
            chars.remove(at);
            for (i, c) in insert.chars().enumerate() {
                chars.insert(at + i, c);
            }
        }
        let text: String = chars.into_iter().collect();
        load_and_check(&text);
    }
}
