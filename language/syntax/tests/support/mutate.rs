//! Random edits of weft text, for the tests that hold two ways of reading
//! it to the same result on text as broken as an editor's.

/// Characters and words that matter to the grammar, so that mutations
/// reach its corners.
const INSERTS: &[&str] = &[
    "{", "}", "(", ")", "[", "]", "<", ">", "\"", "\\", "/", "@", ":", "=", ",", ".", "?", "\n",
    " ", "a", "1", "v", "-", "..", "///", "// c", "not ", " or ", "record ", "when ", "5s",
    "1.2.0", "\t", "+", "==",
];

/// `text` with `edits` applied in turn, each `(position, action, insert)`:
/// at the character `position` (modulo the length), action 0 deletes a
/// character, 1 inserts `INSERTS[insert]` (modulo its length) and 2
/// deletes the whole line.
pub fn mutate(text: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(position, action, insert) in edits {
        let position = position % chars.len().max(1);
        match action {
            0 => {
                if !chars.is_empty() {
                    chars.remove(position.min(chars.len() - 1));
                }
            }
            1 => {
                for (offset, c) in INSERTS[insert % INSERTS.len()].chars().enumerate() {
                    chars.insert(position + offset, c);
                }
            }
            _ => {
                // Delete a whole line: what an editor does most.
                let start = chars[..position]
                    .iter()
                    .rposition(|c| *c == '\n')
                    .map_or(0, |i| i + 1);
                let end = chars[position..]
                    .iter()
                    .position(|c| *c == '\n')
                    .map_or(chars.len(), |i| position + i);
                chars.drain(start..end);
            }
        }
    }
    chars.into_iter().collect()
}
