/// Folds text to printable ASCII for a BR Code field: accented Latin letters lose their
/// accents ("São Paulo" → "Sao Paulo") and anything else outside printable ASCII is dropped.
///
/// EMV lengths count characters while the CRC covers bytes; with ASCII only, the two agree
/// and every reader decodes the same payload.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == ' ' || c.is_ascii_graphic() {
            out.push(c);
        } else if let Some(plain) = unaccent(c) {
            out.push_str(plain);
        }
    }
    out
}

/// The first `max` characters of ASCII text.
pub(super) fn truncate(ascii: &str, max: usize) -> &str {
    &ascii[..ascii.len().min(max)]
}

fn unaccent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'ç' => "c",
        'Ç' => "C",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ñ' => "n",
        'Ñ' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ß' => "ss",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_are_removed_and_other_non_ascii_dropped() {
        assert_eq!(fold("São Paulo"), "Sao Paulo");
        assert_eq!(fold("AÇAÍ & CIA"), "ACAI & CIA");
        assert_eq!(fold("Café ☕ Nº1\n"), "Cafe  N1");
        assert_eq!(fold("Œuvre"), "OEuvre");
    }

    #[test]
    fn truncation_is_by_characters_of_ascii_text() {
        assert_eq!(truncate("SAO PAULO", 3), "SAO");
        assert_eq!(truncate("SAO", 15), "SAO");
    }
}
