//! Files and folders the server creates, private to its user: the SQLite database, the key
//! file, and the folders that hold them (data and key files must not be readable by other
//! users).

use anyhow::Context as _;
use std::path::Path;

/// Creates `folder` and any missing parents with mode 0700; nothing when it exists.
pub fn create_private_folder(folder: &Path) -> anyhow::Result<()> {
    if folder.as_os_str().is_empty() || folder.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(folder)
        .with_context(|| format!("creating {}", folder.display()))
}

/// Creates a new file with mode 0600 (its folder with [`create_private_folder`]); fails with
/// `AlreadyExists` when it is there.
pub fn create_private_file(path: &Path) -> anyhow::Result<std::fs::File> {
    if let Some(parent) = path.parent() {
        create_private_folder(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    Ok(options.open(path)?)
}
