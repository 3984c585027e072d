// params: none. Wait until the indexes just created are online (timeout in seconds).
CALL db.awaitIndexes(60)
