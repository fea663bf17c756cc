//! Reading a household member's invitation from what the patient pasted or typed.
//!
//! People paste the whole message ("招待リンク: https://…/invite?token=…"), the bare link, or type
//! the code printed on the letter, often with spaces between groups or with a Japanese keyboard's
//! full-width letters. Each of those gives the token; anything else is refused here, before a
//! request is made, with a message beside the input.

use mimamori_shared::values::ValueError;

/// The invitation token in `input`: the `token` parameter of a pasted link (anywhere in the
/// text), else the typed code without its spaces.
///
/// Errors: [`ValueError::Required`] for nothing typed; [`ValueError::Invalid`] for a link
/// without a token, or text that cannot be a code.
pub fn invitation_token(input: &str) -> Result<String, ValueError> {
    let text = to_half_width(input);
    let text = text.trim();
    if text.is_empty() {
        return Err(ValueError::Required);
    }
    if let Some(token) = token_parameter(text) {
        return Ok(token);
    }
    if text.contains("://") || text.contains("invite") || text.contains('?') {
        // A link, but not an invitation link (or cut short before its token).
        return Err(ValueError::Invalid);
    }
    let code: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() < 8 || !code.chars().all(is_token_char) {
        return Err(ValueError::Invalid);
    }
    Ok(code)
}

/// The value of the last `token=` parameter in the text, percent-decoded, if it is not empty.
fn token_parameter(text: &str) -> Option<String> {
    let (_, after) = text.rsplit_once("token=")?;
    let end = after
        .find(|c: char| matches!(c, '&' | '#') || c.is_whitespace() || !c.is_ascii())
        .unwrap_or(after.len());
    let token = percent_decode(&after[..end]);
    (!token.is_empty() && token.chars().all(is_token_char)).then_some(token)
}

/// Characters an invitation token may hold (URL-safe, unreserved: RFC 3986 §2.3).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')
}

/// Decodes `%XX` escapes; a malformed escape is kept as typed (and then refused as a token).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Full-width ASCII (ＡＢＣ１２３, a Japanese keyboard's default) and the ideographic space
/// become their ASCII forms.
fn to_half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "3f9a0c1b7e2d4a5f8c6b9e0d1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

    #[test]
    fn the_token_comes_from_whatever_was_pasted() {
        let cases = [
            format!("https://mimamori.example.jp/invite?token={TOKEN}"),
            format!("http://127.0.0.1:8080/invite?token={TOKEN}&lang=ja#top"),
            format!("/invite?token={TOKEN}"),
            format!(
                "招待リンク: https://mimamori.example.jp/invite?token={TOKEN} を開いてください"
            ),
            format!("  {TOKEN}\n"),
            "3f9a 0c1b 7e2d 4a5f 8c6b 9e0d 1a2b 3c4d 5e6f 7081 92a3 b4c5 d6e7 f809 1a2b 3c4d"
                .to_owned(),
            // Typed with a Japanese keyboard: full-width letters, an ideographic space.
            format!("{}\u{3000}", to_full_width(TOKEN)),
        ];
        for input in cases {
            assert_eq!(invitation_token(&input).as_deref(), Ok(TOKEN), "{input:?}");
        }
    }

    #[test]
    fn escaped_tokens_are_decoded() {
        assert_eq!(
            invitation_token("https://x.example/invite?token=ab%2Dcd_ef12").as_deref(),
            Ok("ab-cd_ef12")
        );
    }

    #[test]
    fn nothing_usable_is_refused_before_sending() {
        let cases = [
            ("", ValueError::Required),
            ("   ", ValueError::Required),
            ("https://mimamori.example.jp/", ValueError::Invalid),
            (
                "https://mimamori.example.jp/invite?token=",
                ValueError::Invalid,
            ),
            (
                "https://mimamori.example.jp/invite?lang=ja",
                ValueError::Invalid,
            ),
            ("abc", ValueError::Invalid),
            ("山田花子さんの招待", ValueError::Invalid),
            ("token=<script>", ValueError::Invalid),
        ];
        for (input, expected) in cases {
            assert_eq!(invitation_token(input), Err(expected), "{input:?}");
        }
    }

    fn to_full_width(text: &str) -> String {
        text.chars()
            .map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c))
            .collect()
    }
}
