using Berth.Core.Errors;

namespace Berth.Build.Parsing;

/// <summary>
/// A Dockerfile that cannot be parsed or turned into a build plan. <see cref="Exception.Message"/>
/// reads "Dockerfile:3: unknown instruction: FORM (did you mean FROM?)"; <see cref="Problem"/>
/// is the bare reason.
/// </summary>
public sealed class DockerfileException : Exception
{
    public DockerfileException(string problem, string fileName = "Dockerfile", int startLine = 0, int endLine = 0,
        Exception? inner = null)
        : base(Format(problem, fileName, startLine), inner)
    {
        Problem = problem;
        FileName = fileName;
        StartLine = startLine;
        EndLine = endLine < startLine ? startLine : endLine;
    }

    public string Problem { get; }

    public string FileName { get; }

    /// <summary>1-based; 0 when the problem is not tied to a line (e.g. an unknown --target).</summary>
    public int StartLine { get; }

    public int EndLine { get; }

    /// <summary>The same failure as the engine's InvalidArgument error (HTTP 400).</summary>
    public EngineException ToEngineException() => EngineException.InvalidArgument(Message);

    internal DockerfileException WithLocation(string fileName, int startLine, int endLine) =>
        StartLine > 0 ? this : new DockerfileException(Problem, fileName, startLine, endLine, InnerException);

    private static string Format(string problem, string fileName, int line) =>
        line > 0 ? $"{fileName}:{line}: {problem}" : problem;
}
