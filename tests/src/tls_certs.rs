//! Certificates for the TLS tests: a private CA and a server certificate it signs for
//! `localhost` and 127.0.0.1, written as PEM files (the key with mode 0600) the way an operator
//! gives them to `MIMAMORI_TLS_CERT` and `MIMAMORI_TLS_KEY`.

use mimamori_server::tls::TlsFiles;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use std::path::Path;

/// A CA and the server certificate it signed.
#[derive(Debug, Clone)]
pub struct TestCertificates {
    /// The CA's certificate, PEM: what a client trusts.
    pub ca_pem: String,
    /// Where the server's certificate chain and key were written.
    pub files: TlsFiles,
}

impl TestCertificates {
    /// Makes a CA named `ca_name` and a server certificate it signs, written into `folder` as
    /// `<stem>.crt` and `<stem>.key`.
    pub fn create(folder: &Path, ca_name: &str, stem: &str) -> anyhow::Result<Self> {
        std::fs::create_dir_all(folder)?;
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, ca_name);
        let ca_key = KeyPair::generate()?;
        let ca_cert = ca_params.self_signed(&ca_key)?;
        let issuer = Issuer::new(ca_params, ca_key);
        let server_params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])?;
        let server_key = KeyPair::generate()?;
        let server_cert = server_params.signed_by(&server_key, &issuer)?;
        let files = TlsFiles {
            cert: folder.join(format!("{stem}.crt")),
            key: folder.join(format!("{stem}.key")),
        };
        std::fs::write(&files.cert, server_cert.pem())?;
        std::fs::write(&files.key, server_key.serialize_pem())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&files.key, std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(Self {
            ca_pem: ca_cert.pem(),
            files,
        })
    }

    /// A client (with a cookie jar) that trusts this CA only.
    pub fn client(&self) -> anyhow::Result<reqwest::Client> {
        Ok(reqwest::Client::builder()
            .tls_built_in_root_certs(false)
            .add_root_certificate(reqwest::Certificate::from_pem(self.ca_pem.as_bytes())?)
            .cookie_store(true)
            .build()?)
    }
}
