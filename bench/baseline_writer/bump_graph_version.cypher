// params: none. Every graphkit write ends with this, in its own transaction, so readers
// holding a snapshot of the graph (graphkit.store.snapshot) can tell it is out of date.
// It runs last: the lock it takes is held only until the commit, and never while the
// writer waits for another lock, so writers cannot deadlock on it.
MERGE (v:GraphVersion {id: 'graph'})
SET v.token = randomUUID()
