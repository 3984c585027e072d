// params: none. Deletes every graphkit node in batches (run in an auto-commit transaction).
MATCH (n)
WHERE n:Actor OR n:Evidence OR n:Article OR n:GraphVersion
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 5000 ROWS
