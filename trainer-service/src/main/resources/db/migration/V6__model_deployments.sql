-- A/B tests of trained models (issue 22): a deployment serves its active model (A) and, to a share of its predict
-- calls, a candidate (B). Every prediction made through a deployment, and every "Try it" of a classifier job, is
-- logged with the model that made it; feedback on a prediction (right or wrong, and the right label) is recorded once.
CREATE TABLE model_deployments (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    active_job_id    TEXT NOT NULL REFERENCES jobs (id),
    candidate_job_id TEXT REFERENCES jobs (id),
    candidate_share  DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (candidate_share >= 0 AND candidate_share <= 1),
    created_by       TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    promotions       INT NOT NULL DEFAULT 0,
    promoted_at      TIMESTAMPTZ,
    promoted_by      TEXT,
    CHECK (candidate_job_id IS NULL OR candidate_job_id <> active_job_id),
    CHECK (candidate_job_id IS NOT NULL OR candidate_share = 0)
);
CREATE INDEX model_deployments_by_creator ON model_deployments (created_by, created_at);

CREATE TABLE predictions (
    id            TEXT PRIMARY KEY,
    deployment_id TEXT REFERENCES model_deployments (id),   -- NULL: the job was asked directly ("Try it")
    job_id        TEXT NOT NULL REFERENCES jobs (id),       -- the model that answered
    arm           TEXT CHECK (arm IN ('A', 'B')),           -- the deployment's side that answered, at that moment
    text          TEXT NOT NULL,                            -- what was asked (at most 2,000 characters kept)
    label         TEXT NOT NULL,
    probability   DOUBLE PRECISION NOT NULL,
    asked_by      TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((deployment_id IS NULL) = (arm IS NULL))
);
CREATE INDEX predictions_by_deployment ON predictions (deployment_id, job_id) WHERE deployment_id IS NOT NULL;
CREATE INDEX predictions_by_job ON predictions (job_id);

CREATE TABLE prediction_feedback (
    prediction_id TEXT PRIMARY KEY REFERENCES predictions (id),
    correct       BOOLEAN NOT NULL,
    label         TEXT,                                     -- the right label, when the judge gave it
    given_by      TEXT NOT NULL,
    given_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
