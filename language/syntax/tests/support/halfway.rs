//! Lines cut short as an editor sees them while they are typed, for the
//! tests that hold recovery and the checks to "a half-typed line loses at
//! most itself" over the repository's own files.

/// `line` cut at each word boundary (after a blank's word, after `:`, `,`,
/// `(` or `<`) before its first string, if it is an indented clause whose
/// brackets close on the line: a line that opens a block or a list for
/// the lines below loses them with its opener, which is not a half-typed
/// line losing only itself. Not inside a list literal: `lines: [` left
/// open in a record literal that spans lines reads the next lines as its
/// items, and is reported where they stop making sense, as a value that
/// spans lines by right would be.
pub fn halfway(line: &str) -> Vec<&str> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let opens = trimmed.matches(['(', '[']).count();
    let closes = trimmed.matches([')', ']']).count();
    if indent == 0
        || trimmed.starts_with(['/', '@'])
        || trimmed.contains(['{', '}'])
        || opens != closes
    {
        return Vec::new();
    }
    let before = trimmed.find('"').unwrap_or(trimmed.len());
    let mut ends: Vec<usize> = trimmed.match_indices(' ').map(|(at, _)| at).collect();
    ends.extend(
        trimmed
            .match_indices([':', ',', '(', '<'])
            .map(|(at, _)| at + 1),
    );
    ends.retain(|&end| end < before);
    ends.sort_unstable();
    ends.dedup();
    ends.into_iter().map(|end| &line[..indent + end]).collect()
}

/// The text of `lines` with some lines replaced as they are being typed
/// (`cuts`: line index and its text so far), each line ended by a line
/// feed, and where each cut line ends in it, in the order of `cuts`.
pub fn typed_with(lines: &[&str], cuts: &[(usize, &str)]) -> (String, Vec<usize>) {
    let mut typed = String::new();
    let mut ends = vec![0; cuts.len()];
    for (index, original) in lines.iter().enumerate() {
        match cuts.iter().position(|&(cut, _)| cut == index) {
            Some(which) => {
                typed.push_str(cuts[which].1);
                ends[which] = typed.len();
            }
            None => typed.push_str(original),
        }
        typed.push('\n');
    }
    (typed, ends)
}
