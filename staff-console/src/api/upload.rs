//! Sending a file's bytes as they are: the CSV imports post the file Excel saved (UTF-8 or
//! Shift_JIS) with `Content-Type: text/csv`, so the server, not the browser, reads its encoding.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod imp {
    use super::super::{NETWORK_STATUS, local_problem};
    use gloo_net::http::{Method, RequestBuilder};
    use mimamori_shared::api::Problem;

    /// Sends the bytes as `text/csv` (same origin, with the session cookie).
    pub async fn send_csv(url: &str, file: Vec<u8>) -> Result<(u16, String), Problem> {
        let bytes = js_sys::Uint8Array::from(file.as_slice());
        let request = RequestBuilder::new(url)
            .method(Method::POST)
            .header("Accept", "application/json, application/problem+json")
            .header("Content-Type", "text/csv")
            .body(bytes)
            .map_err(network)?;
        let response = request.send().await.map_err(network)?;
        let text = response.text().await.map_err(network)?;
        Ok((response.status(), text))
    }

    fn network(error: gloo_net::Error) -> Problem {
        local_problem(NETWORK_STATUS, "network", error.to_string())
    }
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod imp {
    use super::super::{NETWORK_STATUS, local_problem};
    use mimamori_shared::api::Problem;

    /// Outside a browser there is no fetch.
    pub async fn send_csv(_url: &str, _file: Vec<u8>) -> Result<(u16, String), Problem> {
        Err(local_problem(
            NETWORK_STATUS,
            "network",
            "the staff console talks to the API only in a browser".to_owned(),
        ))
    }
}

pub use imp::send_csv;
