//! Country outlines (Natural Earth 1:110m, public domain; see the header of `world-110m.tsv`
//! and `scripts/world-map/`), and what the catalogue says of each country's place: a WKT
//! bounding box and a centroid, as DCAT-AP recommends for `dct:Location` and as data.gouv.fr's
//! harvester reads spatial coverage.

const OUTLINES: &str = include_str!("world-110m.tsv");

/// Degrees per unit of the outlines' SVG coordinates (equirectangular, 960 x 384 for 360 x
/// 144 degrees, from 84N).
const DEGREES_PER_UNIT: f64 = 0.375;
const NORTH: f64 = 84.0;

/// The outlines: (alpha-3, English name, SVG path in the map's coordinates).
pub fn outlines() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    OUTLINES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            Some((f.next()?, f.next()?, f.next()?))
        })
}

/// A country's place, in degrees (WGS 84 longitude, latitude).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// West, south, east, north.
    pub bbox: [f64; 4],
    /// The centroid of the country's largest polygon (its main land: France's is in Europe,
    /// not between Europe and Guiana).
    pub centroid: [f64; 2],
}

impl Place {
    /// The bounding box as a WKT polygon (`POLYGON((w s, e s, e n, w n, w s))`).
    pub fn bbox_wkt(&self) -> String {
        let [w, s, e, n] = self.bbox.map(round);
        format!("POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))")
    }

    /// The centroid as a WKT point (`POINT(lon lat)`).
    pub fn centroid_wkt(&self) -> String {
        let [x, y] = self.centroid.map(round);
        format!("POINT({x} {y})")
    }
}

/// Two decimals (about a kilometre), the outlines' precision.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The place of a country by its ISO 3166-1 alpha-3 code, when the map has it.
pub fn place(alpha3: &str) -> Option<Place> {
    let (_, _, path) = outlines().find(|(c, _, _)| *c == alpha3)?;
    let rings = rings(path);
    let points = rings.iter().flatten();
    let (mut w, mut s, mut e, mut n) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(lon, lat) in points {
        w = w.min(lon);
        e = e.max(lon);
        s = s.min(lat);
        n = n.max(lat);
    }
    if w > e {
        return None;
    }
    let main = rings
        .iter()
        .max_by(|a, b| area(a).abs().total_cmp(&area(b).abs()))?;
    let centroid = centroid(main).unwrap_or([(w + e) / 2.0, (s + n) / 2.0]);
    Some(Place {
        bbox: [w, s, e, n],
        centroid,
    })
}

/// The closed rings of an SVG path of `M`, `L` and `Z` commands, in degrees.
fn rings(path: &str) -> Vec<Vec<(f64, f64)>> {
    let mut rings: Vec<Vec<(f64, f64)>> = Vec::new();
    for part in path.split(['M', 'Z']).filter(|p| !p.trim().is_empty()) {
        let ring: Vec<(f64, f64)> = part
            .split('L')
            .filter_map(|xy| {
                let (x, y) = xy.trim().split_once(',')?;
                let (x, y): (f64, f64) = (x.trim().parse().ok()?, y.trim().parse().ok()?);
                Some((x * DEGREES_PER_UNIT - 180.0, NORTH - y * DEGREES_PER_UNIT))
            })
            .collect();
        if ring.len() >= 3 {
            rings.push(ring);
        }
    }
    rings
}

/// Signed area of a ring (shoelace).
fn area(ring: &[(f64, f64)]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (x0, y0) = ring[i];
            let (x1, y1) = ring[(i + 1) % n];
            x0 * y1 - x1 * y0
        })
        .sum::<f64>()
        / 2.0
}

/// Centroid of a ring's area.
fn centroid(ring: &[(f64, f64)]) -> Option<[f64; 2]> {
    let a = area(ring);
    if a.abs() < 1e-9 {
        return None;
    }
    let n = ring.len();
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..n {
        let (x0, y0) = ring[i];
        let (x1, y1) = ring[(i + 1) % n];
        let cross = x0 * y1 - x1 * y0;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    Some([cx / (6.0 * a), cy / (6.0 * a)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_fall_where_the_countries_are() {
        // (code, a point inside the box, where the centroid lies roughly)
        let cases = [
            ("CAN", (-75.7, 45.4), (-98.0, 60.0)),
            ("FRA", (2.35, 48.86), (2.5, 46.5)),
            ("SEN", (-17.4, 14.7), (-14.5, 14.4)),
            ("JPN", (139.7, 35.7), (138.0, 37.0)),
        ];
        for (code, inside, near) in cases {
            let p = place(code).unwrap_or_else(|| panic!("{code} is on the map"));
            let [w, s, e, n] = p.bbox;
            assert!(
                w <= inside.0 && inside.0 <= e && s <= inside.1 && inside.1 <= n,
                "{code}: {p:?}"
            );
            let [x, y] = p.centroid;
            assert!(
                (x - near.0).abs() < 6.0 && (y - near.1).abs() < 6.0,
                "{code}: {p:?}"
            );
        }
        assert!(place("XXX").is_none());
    }

    #[test]
    fn wkt_forms() {
        let p = Place {
            bbox: [-5.123, 41.0, 9.5, 51.1],
            centroid: [2.456, 46.5],
        };
        assert_eq!(
            p.bbox_wkt(),
            "POLYGON((-5.12 41, 9.5 41, 9.5 51.1, -5.12 51.1, -5.12 41))"
        );
        assert_eq!(p.centroid_wkt(), "POINT(2.46 46.5)");
    }
}
