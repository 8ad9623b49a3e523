package dev.vmem.dsl.analysis;

/** Another place that contributes to a problem, with what it contributes ("the mapping of ram"). */
public record RelatedPlace(Place place, String message) {
}
