/// Replaces every character of `formatted` with `*` except the separators (`.`, `-`, `/`,
/// space) and the last `keep` others, so the masked value keeps its familiar shape
/// ("***.***.*89-09"). Payers and support staff recognise a document by its ending.
/// Anything that is not a separator is hidden, including the `Ñ` and `&` of Mexican RFCs.
pub(super) fn mask_keep_last(formatted: &str, keep: usize) -> String {
    let is_separator = |c: &char| matches!(c, '.' | '-' | '/' | ' ');
    let total = formatted.chars().filter(|c| !is_separator(c)).count();
    let hide = total.saturating_sub(keep);
    let mut seen = 0;
    formatted
        .chars()
        .map(|c| {
            if is_separator(&c) {
                return c;
            }
            seen += 1;
            if seen <= hide {
                '*'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_the_last_characters_and_the_punctuation() {
        assert_eq!(mask_keep_last("123.456.789-09", 4), "***.***.*89-09");
        assert_eq!(
            mask_keep_last("12.ABC.345/01DE-35", 4),
            "**.***.***/**DE-35"
        );
        assert_eq!(mask_keep_last("12", 4), "12");
    }
}
