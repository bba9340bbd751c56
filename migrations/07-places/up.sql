-- knotmap schema, version 7: the body is drawn at several sizes, so a
-- knot's place is no longer a cell of one drawing. x and y become
-- thousandths of the view's width and height (0-999), from its top-left
-- corner. A place stored before was a cell of the drawing of 36 columns by
-- 20 rows; it becomes the middle of that cell, rounded half up, as
-- `Spot::from_legacy_cell` does (a cell beyond the drawing is its last).

UPDATE knots SET
    x = MIN(((2 * MIN(x, 35) + 1) * 1000 + 36) / 72, 999),
    y = MIN(((2 * MIN(y, 19) + 1) * 1000 + 20) / 40, 999);
