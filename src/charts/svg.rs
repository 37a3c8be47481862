//! SVG drawing for the charts: axes that start at zero with round ticks, colour-blind-safe
//! colours (Okabe–Ito), every mark carrying its numbers (`data-key`, `data-series`,
//! `data-value` and a `<title>`), totals and the caption (source query, date of the data,
//! unit) printed in the image itself.

use std::fmt::Write as _;

/// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// Chart width in SVG units.
pub const WIDTH: f64 = 760.0;

pub use crate::model::lang::Lang;

pub use crate::model::format::xml_escape as esc;

/// A count (or euros, rounded) with grouped thousands, in the language's style.
pub fn grouped(v: f64, lang: Lang) -> String {
    lang.grouped(v.round() as i64)
}

/// Euros, short (axis ticks): `1,5 M€`, `250 k€`.
pub fn euros_short(v: f64, lang: Lang) -> String {
    let (n, unit) = if v.abs() >= 1e6 {
        (v / 1e6, "M€")
    } else if v.abs() >= 1e3 {
        (v / 1e3, "k€")
    } else {
        (v, "€")
    };
    let text = if (n - n.round()).abs() < 1e-9 {
        format!("{}", n.round() as i64)
    } else {
        format!("{n:.1}")
    };
    let text = match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    };
    format!("{text}\u{a0}{unit}")
}

/// Euros in full, to the euro (a chart's marks are rounded): `12 345 €`.
pub fn euros(v: f64, lang: Lang) -> String {
    lang.euros(crate::model::Amount::from_cents(v.round() as i64 * 100))
}

/// A value as a mark's title or note shows it: euros in full, or a count.
fn value_text(v: f64, money: bool, lang: Lang) -> String {
    if money {
        euros(v, lang)
    } else {
        grouped(v, lang)
    }
}

/// The ticks of an axis covering `max`, from zero, with their labels (short euros or counts),
/// and the axis maximum.
fn ticks(max: f64, money: bool, lang: Lang) -> (Vec<(f64, String)>, f64) {
    let (axis_max, step) = nice_axis(max);
    let mut out = Vec::new();
    let mut tick = 0.0;
    while tick <= axis_max + step / 2.0 {
        let label = if money {
            euros_short(tick, lang)
        } else {
            grouped(tick, lang)
        };
        out.push((tick, label));
        tick += step;
    }
    (out, axis_max)
}

/// A round axis maximum and tick step covering `max` (1, 2, 2.5 or 5 times a power of ten).
pub fn nice_axis(max: f64) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 1.0);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let step = if max >= 1.0 { step.max(1.0) } else { step };
    ((max / step).ceil() * step, step)
}

/// What every chart carries besides its marks.
#[derive(Debug, Clone)]
pub struct Frame<'a> {
    /// Identifier (`data-chart`).
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// The total printed under the title (and in `data-total`).
    pub total: Option<(String, f64)>,
    /// Caption: source, date, unit.
    pub caption: &'a str,
    /// Language.
    pub lang: Lang,
}

/// Opens the SVG with its title block; returns the text and the y where the plot starts.
pub fn open(frame: &Frame<'_>, height: f64) -> (String, f64) {
    let mut s = String::new();
    let total_attr = frame
        .total
        .as_ref()
        .map(|(_, v)| format!(" data-total=\"{v:.2}\""))
        .unwrap_or_default();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title\" data-chart=\"{id}\"{total_attr} font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"12\">\
         <title id=\"{id}-title\">{title}</title><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\
         <text x=\"12\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"#1b1b1b\">{title}</text>",
        id = esc(frame.id),
        title = esc(frame.title),
    );
    let mut y = 34.0;
    if let Some((text, _)) = &frame.total {
        let _ = write!(
            s,
            "<text x=\"12\" y=\"44\" fill=\"#1b1b1b\" class=\"total\">{}</text>",
            esc(text)
        );
        y = 54.0;
    }
    (s, y)
}

/// Closes the SVG with the caption at the bottom.
pub fn close(mut s: String, frame: &Frame<'_>, height: f64) -> String {
    let mut line_y = height - 22.0;
    for line in wrap(frame.caption, 120) {
        let _ = write!(
            s,
            "<text x=\"12\" y=\"{line_y}\" font-size=\"10\" fill=\"#5a5a5a\" class=\"caption\">{}</text>",
            esc(&line)
        );
        line_y += 12.0;
    }
    s.push_str("</svg>\n");
    s
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().map(|l| l.chars().count()).unwrap_or(0);
        if last > 0 && last + word.chars().count() + 1 > width {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    lines.truncate(2);
    lines
}

/// One series of a bar chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// Key (`data-series`).
    pub key: String,
    /// Legend text.
    pub label: String,
    /// One value per category.
    pub values: Vec<f64>,
}

/// Where the plot of a bar chart lies, and how values and categories map onto it.
struct Plot {
    top: f64,
    bottom: f64,
    /// The value at the top of the axis.
    axis_max: f64,
    /// The width given to one category.
    band: f64,
    /// The width of one bar.
    bar_w: f64,
    /// Whether values are amounts in euros.
    money: bool,
}

impl Plot {
    /// The y coordinate of a value.
    fn y_of(&self, v: f64) -> f64 {
        self.bottom - (v / self.axis_max) * (self.bottom - self.top)
    }
}

/// Vertical bars per category: `stacked` series stacked in one bar, then `apart` series as
/// bars of their own beside it (same axis). `money` formats the axis in euros.
pub fn bars(
    frame: &Frame<'_>,
    categories: &[String],
    stacked: &[Series],
    apart: &[Series],
    money: bool,
) -> String {
    let left = 70.0;
    let right = WIDTH - 16.0;
    // Legend: items laid out first, wrapped onto as many lines as they need (a long funder
    // name is never cut), the plot below them.
    let lines = legend_lines(stacked.iter().chain(apart), left, right);
    let height = 380.0 + 16.0 * (lines - 1) as f64;
    let (mut s, top) = open(frame, height);
    write_legend(&mut s, stacked, apart, left, right, top + 6.0);
    let plot_top = top + 30.0 + 16.0 * (lines - 1) as f64;
    let plot_bottom = height - 70.0;
    // Scale from zero.
    let n = categories.len().max(1);
    let max = bars_max(categories.len(), stacked, apart);
    let (axis, axis_max) = ticks(max, money, frame.lang);
    let band = (right - left) / n as f64;
    let groups = 1 + apart.len();
    let plot = Plot {
        top: plot_top,
        bottom: plot_bottom,
        axis_max,
        band,
        bar_w: (band * 0.8 / groups as f64).max(1.0),
        money,
    };
    for (tick, label) in axis {
        let y = plot.y_of(tick);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e0e0e0\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#5a5a5a\">{}</text>",
            left - 6.0,
            y + 4.0,
            esc(&label)
        );
    }
    let label_every = ((n as f64 * 34.0) / (right - left)).ceil().max(1.0) as usize;
    for (c, cat) in categories.iter().enumerate() {
        let x0 = left + band * c as f64 + band * 0.1;
        write_stack(&mut s, &plot, frame.lang, (c, cat), x0, stacked);
        write_apart(
            &mut s,
            &plot,
            frame.lang,
            (c, cat),
            x0,
            apart,
            stacked.len(),
        );
        if c % label_every == 0 {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5a5a5a\">{}</text>",
                x0 + band * 0.4,
                plot_bottom + 16.0,
                esc(cat)
            );
        }
    }
    let _ = write!(
        s,
        "<line x1=\"{left}\" x2=\"{right}\" y1=\"{plot_bottom}\" y2=\"{plot_bottom}\" stroke=\"#1b1b1b\"/>"
    );
    close(s, frame, height)
}

/// The width of one legend item of a bar chart: its swatch and its label.
fn legend_item_width(label: &str) -> f64 {
    28.0 + label.chars().count() as f64 * 7.2
}

/// How many lines the legend of a bar chart takes, its items wrapped between `left` and `right`.
fn legend_lines<'a>(series: impl Iterator<Item = &'a Series>, left: f64, right: f64) -> usize {
    let mut lines = 1usize;
    let mut x = left;
    for series in series {
        let w = legend_item_width(&series.label);
        if x > left && x + w > right {
            lines += 1;
            x = left;
        }
        x += w;
    }
    lines
}

/// The legend of a bar chart, its first line at `legend_y`; the `apart` series' swatches dashed.
fn write_legend(
    s: &mut String,
    stacked: &[Series],
    apart: &[Series],
    left: f64,
    right: f64,
    mut legend_y: f64,
) {
    let mut lx = left;
    let all: Vec<(usize, &Series, bool)> = stacked
        .iter()
        .enumerate()
        .map(|(i, x)| (i, x, false))
        .chain(
            apart
                .iter()
                .enumerate()
                .map(|(i, x)| (stacked.len() + i, x, true)),
        )
        .collect();
    for (i, series, is_apart) in &all {
        let color = PALETTE[i % PALETTE.len()];
        let w = legend_item_width(&series.label);
        if lx > left && lx + w > right {
            legend_y += 16.0;
            lx = left;
        }
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{color}\"{}/>",
            legend_y - 9.0,
            if *is_apart {
                " stroke=\"#1b1b1b\" stroke-dasharray=\"2 1\""
            } else {
                ""
            }
        );
        let text = &series.label;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{legend_y}\" fill=\"#1b1b1b\">{}</text>",
            lx + 14.0,
            esc(text)
        );
        lx += w;
    }
}

/// The highest mark of a bar chart: the tallest stack or the tallest bar apart.
fn bars_max(categories: usize, stacked: &[Series], apart: &[Series]) -> f64 {
    let mut max: f64 = 0.0;
    for c in 0..categories {
        let stack: f64 = stacked
            .iter()
            .map(|x| x.values.get(c).copied().unwrap_or(0.0))
            .sum();
        max = max.max(stack);
        for a in apart {
            max = max.max(a.values.get(c).copied().unwrap_or(0.0));
        }
    }
    max
}

/// The stacked bar of category `c` at `x0`, its segments then its total above it.
fn write_stack(
    s: &mut String,
    plot: &Plot,
    lang: Lang,
    (c, cat): (usize, &String),
    x0: f64,
    stacked: &[Series],
) {
    let (bar_w, money) = (plot.bar_w, plot.money);
    let mut base = 0.0;
    for (i, series) in stacked.iter().enumerate() {
        let v = series.values.get(c).copied().unwrap_or(0.0);
        if v == 0.0 {
            continue;
        }
        let (y1, y2) = (plot.y_of(base + v), plot.y_of(base));
        let _ = write!(
            s,
            "<rect x=\"{x0:.1}\" y=\"{y1:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\" fill=\"{}\" data-key=\"{}\" data-series=\"{}\" data-value=\"{v:.2}\"><title>{} · {} : {}</title></rect>",
            (y2 - y1).max(0.5),
            PALETTE[i % PALETTE.len()],
            esc(cat),
            esc(&series.key),
            esc(cat),
            esc(&series.label),
            esc(&value_text(v, money, lang))
        );
        base += v;
    }
    // The stack's total above it, so that a reader need not add the segments: in full
    // when the bars are wide, short (`45,7 k€`) when they are narrow.
    if stacked.len() > 1 && base > 0.0 {
        let text = if plot.band >= 90.0 || !money {
            value_text(base, money, lang)
        } else {
            euros_short(base, lang)
        };
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1b1b1b\" font-size=\"10\" class=\"bar-total\" data-total-of=\"{}\" data-total=\"{base:.2}\">{}</text>",
            x0 + bar_w / 2.0,
            plot.y_of(base) - 4.0,
            esc(cat),
            esc(&text)
        );
    }
}

/// The bars apart of category `c`, dashed, each beside the stack at `x0`; `first` is the
/// palette index of the first of them (after the stacked series).
fn write_apart(
    s: &mut String,
    plot: &Plot,
    lang: Lang,
    (c, cat): (usize, &String),
    x0: f64,
    apart: &[Series],
    first: usize,
) {
    let bar_w = plot.bar_w;
    for (j, series) in apart.iter().enumerate() {
        let v = series.values.get(c).copied().unwrap_or(0.0);
        if v == 0.0 {
            continue;
        }
        let x = x0 + bar_w * (j + 1) as f64;
        let (y1, y2) = (plot.y_of(v), plot.y_of(0.0));
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y1:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#1b1b1b\" stroke-dasharray=\"2 1\" data-key=\"{}\" data-series=\"{}\" data-value=\"{v:.2}\"><title>{} · {} : {}</title></rect>",
            (y2 - y1).max(0.5),
            PALETTE[(first + j) % PALETTE.len()],
            esc(cat),
            esc(&series.key),
            esc(cat),
            esc(&series.label),
            esc(&value_text(v, plot.money, lang))
        );
    }
}

/// One row of a horizontal bar chart.
#[derive(Debug, Clone)]
pub struct Row {
    /// Key (`data-key`).
    pub key: String,
    /// Text on the left.
    pub label: String,
    /// Bar length.
    pub value: f64,
    /// Text after the bar (defaults to the value).
    pub note: Option<String>,
    /// Indented (a sub-item) or not.
    pub indent: bool,
}

/// Horizontal bars, one per row, from zero.
pub fn hbars(frame: &Frame<'_>, rows: &[Row], money: bool) -> String {
    let row_h = 18.0;
    let height = 100.0 + row_h * rows.len().max(1) as f64 + 30.0;
    let (mut s, top) = open(frame, height);
    let left = 300.0;
    let right = WIDTH - 150.0;
    let max = rows.iter().map(|r| r.value).fold(0.0, f64::max);
    let (axis, axis_max) = ticks(max, money, frame.lang);
    let x_of = |v: f64| left + (v / axis_max) * (right - left);
    let plot_top = top + 16.0;
    let plot_bottom = plot_top + row_h * rows.len() as f64;
    for (tick, label) in axis {
        let x = x_of(tick);
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{plot_top}\" y2=\"{plot_bottom}\" stroke=\"#e0e0e0\"/>\
             <text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5a5a5a\">{}</text>",
            plot_bottom + 14.0,
            esc(&label)
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = plot_top + row_h * i as f64;
        let indent = if r.indent { 16.0 } else { 0.0 };
        let weight = if r.indent { "normal" } else { "bold" };
        let label: String = if r.label.chars().count() > 40 {
            format!("{}…", r.label.chars().take(39).collect::<String>())
        } else {
            r.label.clone()
        };
        let note = r
            .note
            .clone()
            .unwrap_or_else(|| value_text(r.value, money, frame.lang));
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"{weight}\" fill=\"#1b1b1b\">{}</text>\
             <rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" data-key=\"{}\" data-value=\"{:.2}\"><title>{} : {}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#1b1b1b\">{}</text>",
            12.0 + indent,
            y + 13.0,
            esc(&label),
            y + 3.0,
            (x_of(r.value) - left).max(0.5),
            row_h - 6.0,
            if r.indent { PALETTE[4] } else { PALETTE[0] },
            esc(&r.key),
            r.value,
            esc(&r.label),
            esc(&note),
            x_of(r.value) + 6.0,
            y + 13.0,
            esc(&note)
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{left}\" x2=\"{left}\" y1=\"{plot_top}\" y2=\"{plot_bottom}\" stroke=\"#1b1b1b\"/>"
    );
    close(s, frame, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round_and_cover_the_data() {
        for max in [0.4, 1.0, 7.0, 12.0, 99.0, 1234.0, 2.6e6, 9.99e7] {
            let (top, step) = nice_axis(max);
            assert!(top >= max, "{max}");
            assert!(
                top / step <= 10.0 && top / step >= 1.0,
                "{max}: {top} {step}"
            );
        }
        assert_eq!(euros_short(1_500_000.0, Lang::Fr), "1,5\u{a0}M€");
        assert_eq!(euros_short(250_000.0, Lang::En), "250\u{a0}k€");
        assert_eq!(grouped(1234567.0, Lang::En), "1,234,567");
    }
}
