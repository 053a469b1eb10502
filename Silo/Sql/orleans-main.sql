-- Orleans ADO.NET providers: the shared query catalogue.
--
-- Microsoft.Orleans.{Persistence,Clustering,Reminders}.AdoNet carry no SQL of their own. At start each
-- provider runs `SELECT QueryKey, QueryText FROM OrleansQuery` and from then on executes only the texts
-- it found there, binding its parameters by name (@GrainIdHash, @DeploymentId, ...). The files next to
-- this one create the tables those texts touch and register the texts under the keys the providers of
-- Orleans 10.4 look up.
--
-- OrleansSchema.ApplyAsync runs every file, in order, at every start of every node, in one transaction
-- holding an advisory lock, so each statement must be safe to repeat:
--   * tables and indexes: CREATE ... IF NOT EXISTS (a later change to a column needs an explicit,
--     equally repeatable ALTER TABLE ... ADD COLUMN IF NOT EXISTS, never an edit of the CREATE);
--   * functions: CREATE OR REPLACE (a change to a function's parameters or result needs a
--     DROP FUNCTION IF EXISTS first, since PostgreSQL cannot replace a signature in place);
--   * queries: upserted by key, so an edited text reaches the database at the next start.
-- Providers read the catalogue once, when their silo or client starts: a node started before an edit keeps
-- the texts it read.
--
-- Objects live in the connection's search_path (public by default): the providers' own statements name
-- OrleansQuery unqualified. Identifiers are unquoted, so PostgreSQL folds them to lower case; the
-- providers read result columns by name case-insensitively.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);
