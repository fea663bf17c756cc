//! Kana and width normalisation: how names are stored (full-width katakana) and how they are
//! compared in searches, whichever way they were typed (hiragana, katakana, half-width
//! katakana with separate voiced marks, full-width letters and digits).

/// Half-width katakana (ｦ U+FF66 … ﾝ U+FF9D) in full-width order.
const HALF_WIDTH_KANA: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

/// The form a text is compared in by a search: half-width katakana made full-width with their
/// voiced marks joined, hiragana as katakana, full-width ASCII as ASCII, lowercase, and no
/// whitespace. `やまだ`, `ﾔﾏﾀﾞ` and `ヤマ ダ` all become `ヤマダ`; `ＤＥＭＯ` becomes `demo`.
pub fn search_form(text: &str) -> String {
    compose_half_width_kana(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(full_width_ascii_to_ascii)
        .map(hiragana_to_katakana)
        .flat_map(char::to_lowercase)
        .collect()
}

/// U+FF01–U+FF5E (full-width ASCII, as Japanese keyboards type digits and letters) to ASCII.
pub fn full_width_ascii_to_ascii(c: char) -> char {
    match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A hiragana letter (ぁ..ゖ, ゝ ゞ) as katakana; anything else as it is.
pub fn hiragana_to_katakana(c: char) -> char {
    match u32::from(c) {
        code @ (0x3041..=0x3096 | 0x309D | 0x309E) => char::from_u32(code + 0x60).unwrap_or(c),
        _ => c,
    }
}

fn katakana_to_hiragana(c: char) -> char {
    match u32::from(c) {
        code @ 0x30A1..=0x30F6 => char::from_u32(code - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Half-width katakana to full-width, with their separate voiced marks (ﾞ ﾟ, and the
/// combining and spacing ones) joined to the kana before them: ｶﾞ → ガ, ﾊﾟ → パ.
pub fn compose_half_width_kana(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        let code = u32::from(c);
        let voiced = matches!(code, 0xFF9E | 0x3099 | 0x309B);
        let semi_voiced = matches!(code, 0xFF9F | 0x309A | 0x309C);
        if voiced || semi_voiced {
            let joined = out.last().and_then(|&prev| join_mark(prev, semi_voiced));
            if let (Some(joined), Some(last)) = (joined, out.last_mut()) {
                *last = joined;
            }
            // A mark on a kana that takes none is dropped: it cannot be part of a name.
            continue;
        }
        let full = match code {
            0xFF66..=0xFF9D => HALF_WIDTH_KANA
                .chars()
                .nth((code - 0xFF66) as usize)
                .unwrap_or(c),
            _ => c,
        };
        out.push(full);
    }
    out.into_iter().collect()
}

/// The kana with a (semi-)voiced mark, if it takes one: カ→ガ, ハ→パ, ウ→ヴ (and hiragana).
fn join_mark(kana: char, semi_voiced: bool) -> Option<char> {
    let katakana = hiragana_to_katakana(kana);
    let is_hiragana = katakana != kana;
    let code = u32::from(katakana);
    let joined = if semi_voiced {
        // ハ ヒ フ ヘ ホ are three code points apart; パ is two after ハ.
        ((0x30CF..=0x30DB).contains(&code) && (code - 0x30CF) % 3 == 0).then_some(code + 2)
    } else if code == 0x30A6 {
        Some(0x30F4)
    } else if (0x30AB..=0x30C2).contains(&code) {
        // カ…ヂ: unvoiced kana at odd offsets from カ, each followed by its voiced form.
        ((code - 0x30AB) % 2 == 0).then_some(code + 1)
    } else if (0x30C4..=0x30C8).contains(&code) {
        // ツ テ ト (after the small ッ).
        ((code - 0x30C4) % 2 == 0).then_some(code + 1)
    } else if (0x30CF..=0x30DB).contains(&code) {
        ((code - 0x30CF) % 3 == 0).then_some(code + 1)
    } else {
        None
    }?;
    let joined = char::from_u32(joined)?;
    Some(if is_hiragana {
        katakana_to_hiragana(joined)
    } else {
        joined
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_kana_becomes_full_width_with_voiced_marks_joined() {
        assert_eq!(compose_half_width_kana("ﾔﾏﾀﾞ ﾊﾅｺ"), "ヤマダ ハナコ");
        assert_eq!(compose_half_width_kana("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "パピプペポ");
        assert_eq!(
            compose_half_width_kana("ｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞ"),
            "ガギグゲゴザジズゼゾ"
        );
        assert_eq!(
            compose_half_width_kana("ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞｳﾞ"),
            "ダヂヅデドバビブベボヴ"
        );
        assert_eq!(compose_half_width_kana("ｼｮｳｲﾁﾛｰ"), "ショウイチロー");
        assert_eq!(compose_half_width_kana("か\u{3099}"), "が");
    }

    #[test]
    fn kana_typed_any_way_has_one_search_form() {
        for typed in ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", " ヤマ ダ ", "ヤマ\u{3000}ダ"]
        {
            assert_eq!(search_form(typed), "ヤマダ", "{typed}");
        }
        assert_eq!(search_form("ＤＥＭＯ－０００１"), "demo-0001");
        assert_eq!(search_form("山田 花子"), "山田花子");
    }
}
