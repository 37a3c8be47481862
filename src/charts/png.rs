//! PNG copies of the charts (for documents and sites that do not show SVG), rendered by resvg
//! with the system's fonts at twice the SVG's size.

/// Why a chart could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The SVG does not parse (a bug of the chart code).
    #[error("the chart's SVG does not parse: {0}")]
    Svg(#[from] resvg::usvg::Error),
    /// The image would be empty or too large.
    #[error("cannot draw a {0}x{1} image")]
    Size(u32, u32),
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

/// Renders `svg` to PNG bytes.
pub fn render(svg: &str) -> Result<Vec<u8>, PngError> {
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(svg, &options)?;
    let size = tree.size().to_int_size();
    let scale = 2.0;
    let (w, h) = (
        (size.width() as f32 * scale).ceil() as u32,
        (size.height() as f32 * scale).ceil() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or(PngError::Size(w, h))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}
