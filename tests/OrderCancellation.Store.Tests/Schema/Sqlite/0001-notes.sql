-- A test component's table.
CREATE TABLE app_notes (note_id TEXT NOT NULL, note TEXT NOT NULL);
