-- A second version.
CREATE INDEX ix_app_notes_instance ON app_notes (instance_id);
