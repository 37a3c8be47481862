//! The world map: Natural Earth 1:110m country outlines ([`crate::model::geo`]), filled by
//! number of partnerships.

use super::svg::{self, Frame, Lang, esc};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub use crate::model::geo::outlines;

/// Sequential colours (light to dark blue), readable with colour-vision deficiencies. The
/// first is a clear blue, so that a country with one partnership is never read as one with
/// none (those are hatched grey).
const SCALE: [&str; 5] = ["#b3d3ea", "#84b9dc", "#5a9bcb", "#3182bd", "#08519c"];

/// The fill of a country without partnerships: grey hatching, told apart from every class.
fn none_fill(id: &str) -> String {
    format!("url(#{}-none)", esc(id))
}

/// The English name of a country of the map (Natural Earth's), by alpha-3.
pub fn english_name(code: &str) -> Option<&'static str> {
    outlines().find(|(c, _, _)| *c == code).map(|(_, n, _)| n)
}

/// Class limits for `max`: five classes of round upper bounds.
fn classes(max: usize) -> [usize; 5] {
    let max = max.max(5);
    let mut out = [0; 5];
    for (i, o) in out.iter_mut().enumerate() {
        let raw = (max as f64 * (i + 1) as f64 / 5.0).ceil();
        *o = raw as usize;
    }
    out
}

/// The choropleth: `countries` maps alpha-3 to (partnerships, euros); names in French.
pub fn map(
    frame: &Frame<'_>,
    countries: &BTreeMap<String, (usize, f64)>,
    names: &BTreeMap<String, String>,
) -> String {
    let map_h = 384.0;
    let height = 70.0 + map_h * (svg::WIDTH - 24.0) / 960.0 + 60.0;
    let (mut s, top) = svg::open(frame, height);
    let scale = (svg::WIDTH - 24.0) / 960.0;
    let max = countries.values().map(|v| v.0).max().unwrap_or(0);
    let limits = classes(max);
    // Outlines that cross the antimeridian run past the right edge: clipped there.
    let _ = write!(
        s,
        "<defs><pattern id=\"{id}-none\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4f4f4\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c8c8c8\" stroke-width=\"2\"/></pattern></defs>\
         <clipPath id=\"{id}-clip\"><rect width=\"960\" height=\"384\"/></clipPath>\
         <g transform=\"translate(12 {:.1}) scale({scale:.4})\" stroke=\"#ffffff\" stroke-width=\"0.5\" clip-path=\"url(#{id}-clip)\">",
        top + 8.0,
        id = esc(frame.id)
    );
    let lang = frame.lang;
    for (code, english, d) in outlines() {
        let (n, euros) = countries.get(code).copied().unwrap_or((0, 0.0));
        let fill = if n == 0 {
            none_fill(frame.id)
        } else {
            SCALE[limits.iter().position(|l| n <= *l).unwrap_or(4)].to_string()
        };
        let name = names
            .get(code)
            .filter(|_| lang == Lang::Fr)
            .map(String::as_str)
            .unwrap_or(english);
        let _ = write!(
            s,
            "<path d=\"{d}\" fill=\"{fill}\" data-key=\"{code}\" data-partnerships=\"{n}\" data-value=\"{euros:.2}\"><title>{} : {} {}, {}</title></path>",
            esc(name),
            n,
            lang.t("partenariat(s)", "partnership(s)"),
            esc(&svg::euros(euros, lang))
        );
    }
    s.push_str("</g>");
    // Legend.
    let ly = height - 52.0;
    let mut lx = 12.0;
    let mut lower = 1;
    let _ = write!(
        s,
        "<rect x=\"{lx}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"#c8c8c8\"/><text x=\"{}\" y=\"{ly}\" fill=\"#1b1b1b\">0</text>",
        ly - 10.0,
        none_fill(frame.id),
        lx + 16.0
    );
    lx += 44.0;
    for (i, upper) in limits.iter().enumerate() {
        if *upper < lower {
            continue;
        }
        let text = if *upper == lower {
            format!("{lower}")
        } else {
            format!("{lower}–{upper}")
        };
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{ly}\" fill=\"#1b1b1b\">{text}</text>",
            ly - 10.0,
            SCALE[i],
            lx + 16.0
        );
        lx += 30.0 + text.len() as f64 * 7.0;
        lower = upper + 1;
    }
    let _ = write!(
        s,
        "<text x=\"{lx}\" y=\"{ly}\" fill=\"#5a5a5a\">{}</text>",
        lang.t(
            "partenariats par pays partenaire",
            "partnerships per partner country"
        )
    );
    svg::close(s, frame, height)
}

/// Degrees per unit of the outlines' coordinates, and their northern edge (see
/// [`crate::model::geo`]).
const DEGREES_PER_UNIT: f64 = 0.375;
const NORTH: f64 = 84.0;

/// A small map of places (longitude, latitude, label): the country outlines around them, in
/// grey, and a dot on each, cut to a window of at least 40 by 20 degrees around the points.
/// Drawn from the outlines alone, so it needs no tile server. `None` without a point.
pub fn point_map(points: &[(f64, f64, String)], lang: Lang) -> Option<String> {
    let finite: Vec<&(f64, f64, String)> = points
        .iter()
        .filter(|(lon, lat, _)| lon.is_finite() && lat.is_finite())
        .collect();
    let first = finite.first()?;
    let (mut w, mut e, mut s, mut n) = (first.0, first.0, first.1, first.1);
    for (lon, lat, _) in &finite {
        (w, e, s, n) = (w.min(*lon), e.max(*lon), s.min(*lat), n.max(*lat));
    }
    // At least 40 x 20 degrees, and a margin, keeping the 2:1 of the frame.
    let width = ((e - w) * 1.3).max(40.0).max((n - s) * 2.6);
    let height = width / 2.0;
    let (cx, cy) = ((w + e) / 2.0, (s + n) / 2.0);
    let (west, north) = (cx - width / 2.0, cy + height / 2.0);
    let x = |lon: f64| (lon + 180.0) / DEGREES_PER_UNIT;
    let y = |lat: f64| (NORTH - lat) / DEGREES_PER_UNIT;
    let (vx, vy, vw, vh) = (
        x(west),
        y(north),
        width / DEGREES_PER_UNIT,
        height / DEGREES_PER_UNIT,
    );
    let label = lang.t("Carte de situation", "Location map");
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"place-map\" role=\"img\" aria-label=\"{label}\" width=\"320\" height=\"160\" viewBox=\"{vx:.1} {vy:.1} {vw:.1} {vh:.1}\" preserveAspectRatio=\"xMidYMid slice\">\
         <rect x=\"{vx:.1}\" y=\"{vy:.1}\" width=\"{vw:.1}\" height=\"{vh:.1}\" fill=\"#eaf2f8\"/>\
         <g fill=\"#d9d9d9\" stroke=\"#ffffff\" stroke-width=\"0.3\">"
    );
    let east = west + width;
    let south = north - height;
    for (code, _, d) in outlines() {
        // Only the countries in the window: a page carries a few kilobytes, not the world.
        let near = crate::model::geo::place(code).is_none_or(|p| {
            let [pw, ps, pe, pn] = p.bbox;
            pe >= west && pw <= east && pn >= south && ps <= north
        });
        if near {
            let _ = write!(out, "<path d=\"{d}\"/>");
        }
    }
    out.push_str("</g>");
    let r = vw / 80.0;
    for (lon, lat, name) in finite {
        let _ = write!(
            out,
            "<circle cx=\"{:.2}\" cy=\"{:.2}\" r=\"{r:.2}\" fill=\"#D55E00\" stroke=\"#ffffff\" stroke-width=\"{:.2}\" data-lon=\"{lon}\" data-lat=\"{lat}\"><title>{} ({lon}, {lat})</title></circle>",
            x(*lon),
            y(*lat),
            r / 3.0,
            esc(name)
        );
    }
    out.push_str("</svg>");
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_point_map_shows_the_point_and_its_neighbours_only() {
        let svg = super::point_map(
            &[(19.0447, 49.8225, "Bielsko-Biała".to_string())],
            super::Lang::En,
        )
        .expect("a map");
        assert!(
            svg.contains("data-lon=\"19.0447\" data-lat=\"49.8225\""),
            "{svg}"
        );
        // x = (19.0447 + 180) / 0.375, y = (84 - 49.8225) / 0.375
        assert!(svg.contains("cx=\"530.79\" cy=\"91.14\""), "{svg}");
        let countries = svg.matches("<path").count();
        assert!((5..100).contains(&countries), "{countries} outlines");
        assert!(super::point_map(&[], super::Lang::En).is_none());
    }

    #[test]
    fn outlines_cover_the_world() {
        let all: Vec<_> = super::outlines().collect();
        assert!(all.len() > 170, "{}", all.len());
        for code in ["FRA", "CAN", "SEN", "VNM", "BRA"] {
            assert!(
                all.iter().any(|(c, _, d)| *c == code && d.starts_with('M')),
                "{code}"
            );
        }
    }
}
