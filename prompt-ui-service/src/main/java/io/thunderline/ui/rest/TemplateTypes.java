package io.thunderline.ui.rest;

import io.quarkus.qute.TemplateData;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;

/** Lets templates read contract types that live outside this module. */
@TemplateData(target = ModelType.class)
@TemplateData(target = JobStatus.class)
final class TemplateTypes {
    private TemplateTypes() {
    }
}
