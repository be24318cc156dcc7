-- A second version.
CREATE INDEX ix_app_notes_note_id ON app_notes (note_id);
