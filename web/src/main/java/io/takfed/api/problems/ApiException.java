package io.takfed.api.problems;

/** A failure the API reports as a problem body; thrown by resources and request readers. */
public class ApiException extends RuntimeException {

    private final transient ApiProblem problem;

    public ApiException(ApiProblem problem) {
        super(problem.label() + ": " + problem.detail());
        this.problem = problem;
    }

    public ApiProblem problem() {
        return problem;
    }
}
