//! The soak's memory curve as an SVG (plotters): RSS and its anonymous part
//! over time, open files below, the fault windows shaded.

use crate::sample::Sample;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart of minutes against `0..high` on `area`, captioned.
fn chart<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    caption: &str,
    size: u32,
    minutes: f64,
    high: f64,
) -> Chart<'a, 'b> {
    (ChartBuilder::on(area).caption(caption, ("sans-serif", size)).margin(12))
        .x_label_area_size(30)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..minutes, 0.0..high)
        .unwrap()
}

pub fn draw(path: &std::path::Path, samples: &[Sample], faults: &[(f64, f64, &'static str)]) {
    let root = SVGBackend::new(path, (960, 640)).into_drawing_area();
    root.fill(&WHITE).unwrap();
    let (top, bottom) = root.split_vertically(430);
    let minutes = samples.last().map_or(1.0, |s| s.minute.max(1.0));
    let high = samples.iter().map(|s| s.rss).fold(0.0, f64::max) * 1.15;
    let mut memory = chart(&top, "piyasa run under the soak: memory (MiB)", 20, minutes, high);
    memory.configure_mesh().x_desc("minutes").y_desc("MiB").draw().unwrap();
    let shade = RGBColor(255, 200, 160).mix(0.35).filled();
    memory.draw_series(faults.iter().map(|(from, to, _)| Rectangle::new([(*from, 0.0), (*to, high)], shade))).unwrap();
    memory
        .draw_series(LineSeries::new(samples.iter().map(|s| (s.minute, s.rss)), BLUE.stroke_width(2)))
        .unwrap()
        .label("RSS")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLUE.stroke_width(2)));
    memory
        .draw_series(LineSeries::new(samples.iter().map(|s| (s.minute, s.anon)), GREEN.stroke_width(2)))
        .unwrap()
        .label("RSS, anonymous")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], GREEN.stroke_width(2)));
    memory
        .draw_series([Rectangle::new([(0.0, 0.0), (0.0, 0.0)], shade)])
        .unwrap()
        .label("a fault on")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], shade));
    memory.configure_series_labels().background_style(WHITE.mix(0.9)).border_style(BLACK).draw().unwrap();
    let fds_high = samples.iter().map(|s| s.fds).max().unwrap_or(1) as f64 * 1.3;
    let mut files = chart(&bottom, "open files", 16, minutes, fds_high);
    files.configure_mesh().x_desc("minutes").draw().unwrap();
    files.draw_series(LineSeries::new(samples.iter().map(|s| (s.minute, s.fds as f64)), RED.stroke_width(2))).unwrap();
    root.present().unwrap();
}
