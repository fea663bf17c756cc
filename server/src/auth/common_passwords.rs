//! The most common passwords: a new password found in the list is refused, whatever its
//! length. The list (`resources/common-passwords.txt.gz`, 20,000 entries;
//! resources/README.md says where it comes from) is read once, when first needed.

use std::collections::HashSet;
use std::io::Read;
use std::sync::LazyLock;

static LIST: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let packed: &[u8] = include_bytes!("../../resources/common-passwords.txt.gz");
    let mut text = String::new();
    // The bundled file is known good (a test reads it); a broken build refuses nothing rather
    // than every password.
    if flate2::read::GzDecoder::new(packed)
        .read_to_string(&mut text)
        .is_err()
    {
        tracing::error!("the bundled list of common passwords does not read");
        return HashSet::new();
    }
    text.lines().map(|line| line.trim().to_owned()).collect()
});

/// Whether `password` (trimmed, in lower case) is on the list.
pub fn is_common(password: &str) -> bool {
    LIST.contains(&password.trim().to_lowercase())
}

/// The field error for a password on the list.
pub fn too_common(field: &str) -> crate::error::ApiError {
    crate::error::ApiError::field(
        field,
        "too_common",
        "this password is one of the most common ones: choose another",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_twenty_thousand_passwords_and_refuses_common_ones_in_any_case() {
        assert!(LIST.len() >= 19_000, "{}", LIST.len());
        for common in [
            "password",
            "Password1",
            " 12345678 ",
            "iloveyou",
            "qwertyuiop",
        ] {
            assert!(is_common(common), "{common}");
        }
        for fine in [
            "my own password",
            "correct horse battery",
            "ひらがなでもよい",
        ] {
            assert!(!is_common(fine), "{fine}");
        }
    }
}
