//! Text charts: horizontal bars and sparklines in eighths of a cell.

/// Partial blocks for horizontal bars, in eighths (index 0 = empty).
const H_EIGHTHS: [char; 9] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
/// Partial blocks for vertical bars, in eighths (index 0 = empty).
const V_EIGHTHS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A horizontal bar for `share` (0.0 to 1.0) of `width` cells, padded to `width`.
/// A share above zero shows at least one eighth.
pub fn hbar(share: f64, width: usize) -> String {
    let share = if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let total = width * 8;
    let mut eighths = (share * total as f64).round() as usize;
    if share > 0.0 && eighths == 0 {
        eighths = 1;
    }
    let full = eighths / 8;
    let mut out: String = "█".repeat(full);
    if full < width {
        out.push(H_EIGHTHS[eighths % 8]);
        out.push_str(&" ".repeat(width - full - 1));
    }
    out
}

/// Vertical bars for `values`, `height` rows high (top row first), each value `bar` cells
/// wide. The largest value fills the height; a value above zero shows at least one eighth.
pub fn spark_rows(values: &[u32], height: usize, bar: usize) -> Vec<String> {
    let max = values.iter().copied().max().unwrap_or(0);
    let levels: Vec<usize> = values
        .iter()
        .map(|&v| {
            if max == 0 || v == 0 {
                0
            } else {
                let l = (f64::from(v) / f64::from(max) * (height * 8) as f64).round() as usize;
                l.max(1)
            }
        })
        .collect();
    (0..height)
        .rev()
        .map(|row| {
            levels
                .iter()
                .map(|&l| {
                    let fill = l.saturating_sub(row * 8).min(8);
                    V_EIGHTHS[fill].to_string().repeat(bar)
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hbar_fills_in_eighths() {
        // 4 cells = 32 eighths; half = 16 eighths = 2 full cells.
        assert_eq!(hbar(0.5, 4), "██  ");
        // 0.8 × 32 = 25.6 → 26 eighths = 3 full + 2 eighths.
        assert_eq!(hbar(0.8, 4), "███▎");
        assert_eq!(hbar(1.0, 3), "███");
        assert_eq!(hbar(0.0, 3), "   ");
        // Tiny but not zero still shows.
        assert_eq!(hbar(0.001, 3), "▏  ");
        assert_eq!(hbar(f64::NAN, 2), "  ");
    }

    #[test]
    fn spark_rows_scale_to_the_largest_value() {
        // One row: 8 eighths for the max; 2 of 8 → 2 eighths; 1 of 8 → 1.
        assert_eq!(spark_rows(&[0, 1, 2, 8], 1, 1), vec![" ▁▂█".to_string()]);
        // Two rows (16 eighths): 4 of 8 → 8 eighths → full bottom cell, empty top.
        assert_eq!(
            spark_rows(&[4, 8], 2, 2),
            vec!["  ██".to_string(), "████".to_string()]
        );
        assert_eq!(spark_rows(&[0, 0], 1, 1), vec!["  ".to_string()]);
    }
}
