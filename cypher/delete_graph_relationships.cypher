// params: none. The first half of clear(): every relationship leaving a graphkit node, in
// batches (run in an auto-commit transaction). DETACH DELETE of a hub in one batch of
// nodes took its tens of thousands of relationships with it and overflowed the
// transaction memory pool; delete_graph then removes the bare nodes.
MATCH (n)-[r]->()
WHERE n:Actor OR n:Evidence OR n:Article OR n:GraphVersion
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS
