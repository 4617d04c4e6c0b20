//! Bookmarks: one per section heading (`一、` … `六、`).

use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::outline::{Outline, OutlineNode};

/// An outline from (title, page index, y from the page top) entries.
pub(crate) fn outline(marks: &[(String, usize, f32)]) -> Outline {
    let mut o = Outline::new();
    for (title, page, y) in marks {
        o.push_child(OutlineNode::new(
            title.clone(),
            XyzDestination::new(*page, Point::from_xy(0.0, *y)),
        ));
    }
    o
}
