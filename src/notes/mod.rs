//! Notes people add to claims, stored beside the map in `NAME.notes.ron`.
