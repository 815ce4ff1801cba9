namespace Berth.Client.Templates;

/// <summary>
/// A template function. Arguments and result use the template value model: null (Go nil),
/// string, long, double, bool, JsonObject, JsonArray, or IReadOnlyList&lt;object?&gt;.
/// </summary>
public delegate object? TemplateFunction(IReadOnlyList<object?> args);
