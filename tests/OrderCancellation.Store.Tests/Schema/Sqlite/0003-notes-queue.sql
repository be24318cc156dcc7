-- Uses the store's own tables, so it only runs if they were migrated first: the component's queue.
INSERT INTO store_queues (queue_name, created_at) VALUES ('notes', 0);
