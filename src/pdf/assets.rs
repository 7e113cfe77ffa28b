//! The images a PDF can embed: every JPEG or PNG under `content/assets/` that documents link
//! to and that [`super::image::embeddable`] accepts, each under a fixed resource name. `check`
//! reports the rest (`pdf-image`); the PDFs show those as their alt text.

use super::image::{Format, ImageInfo, embeddable};
use crate::model::Project;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// An image a PDF can show.
#[derive(Debug, Clone)]
pub struct Embeddable {
    /// The file.
    pub source: PathBuf,
    /// What it is.
    pub info: ImageInfo,
    /// Its resource name (`Im0`, `Im1`, … in the order of the asset paths).
    pub name: Arc<str>,
}

/// Embeddable images by asset path.
pub type Images = BTreeMap<String, Embeddable>;

/// Reads the header of each linked asset named like an image.
pub fn images(project: &Project) -> Images {
    let mut out = Images::new();
    for (key, asset) in &project.assets {
        let lower = key.to_ascii_lowercase();
        if ![".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e)) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&asset.source) else {
            continue;
        };
        if let Ok(info) = embeddable(&bytes)
            && matches!(info.format, Format::Jpeg | Format::Png)
        {
            let name: Arc<str> = format!("Im{}", out.len()).into();
            out.insert(
                key.clone(),
                Embeddable {
                    source: asset.source.clone(),
                    info,
                    name,
                },
            );
        }
    }
    out
}
