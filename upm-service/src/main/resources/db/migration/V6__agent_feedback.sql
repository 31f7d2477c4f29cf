-- Feedback on agents' predictions (issue 22, A/B testing of UPM snapshots): whether the label an agent predicted
-- with a snapshot version was right, counted per version, so a canary's online accuracy can be read beside the
-- active version's before it is promoted.
CREATE TABLE agent_feedback (
    feedback_id TEXT PRIMARY KEY,        -- chosen by the agent: a retried post is recorded once
    family      TEXT NOT NULL,
    version     BIGINT NOT NULL,
    agent_id    TEXT NOT NULL,
    predicted   TEXT NOT NULL,
    correct     BOOLEAN NOT NULL,
    label       TEXT,                    -- the right label, when the agent's user gave it
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (family, version) REFERENCES snapshots (family, version)
);
CREATE INDEX agent_feedback_by_version ON agent_feedback (family, version);
