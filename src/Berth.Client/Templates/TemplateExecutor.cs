using System.Text.Json.Nodes;

namespace Berth.Client.Templates;

/// <summary>Walks a parsed template over JSON data and writes the output.</summary>
internal sealed class TemplateExecutor
{
    private readonly string _name;
    private readonly IReadOnlyDictionary<string, TemplateFunction> _functions;
    private readonly TextWriter _output;
    private readonly List<KeyValuePair<string, object?>> _variables = [];

    public TemplateExecutor(string name, IReadOnlyDictionary<string, TemplateFunction> functions, TextWriter output)
    {
        _name = name;
        _functions = functions;
        _output = output;
    }

    public void Execute(ListNode root, object? data)
    {
        var value = GoValues.Normalize(data);
        _variables.Add(new("$", value));
        Walk(root, value);
    }

    private void Walk(TemplateNode node, object? dot)
    {
        switch (node)
        {
            case TextNode text:
                _output.Write(text.Text);
                break;
            case ListNode list:
                foreach (var child in list.Nodes)
                {
                    Walk(child, dot);
                }

                break;
            case ActionNode action:
                var value = EvalPipe(action.Pipe, dot, action);
                if (action.Pipe.Variables.Count == 0)
                {
                    _output.Write(GoValues.Format(value));
                }

                break;
            case BranchNode branch:
                WalkBranch(branch, dot);
                break;
            case LoopControlNode control:
                throw new LoopSignal(control.IsBreak);
            default:
                throw new TemplateException($"template: {_name}: unknown node {node.GetType().Name}");
        }
    }

    private void WalkBranch(BranchNode branch, object? dot)
    {
        var mark = _variables.Count;
        try
        {
            var value = EvalPipe(branch.Pipe, dot, branch, declare: branch.Kind != BranchKind.Range);
            switch (branch.Kind)
            {
                case BranchKind.If:
                    WalkOptional(GoValues.IsTrue(value) ? branch.Body : branch.Else, dot);
                    break;
                case BranchKind.With:
                    if (GoValues.IsTrue(value))
                    {
                        Walk(branch.Body, value);
                    }
                    else
                    {
                        WalkOptional(branch.Else, dot);
                    }

                    break;
                case BranchKind.Range:
                    WalkRange(branch, value, dot);
                    break;
            }
        }
        finally
        {
            _variables.RemoveRange(mark, _variables.Count - mark);
        }
    }

    private void WalkOptional(ListNode? list, object? dot)
    {
        if (list is not null)
        {
            Walk(list, dot);
        }
    }

    private void WalkRange(BranchNode branch, object? value, object? dot)
    {
        var items = Enumerate(value, branch).ToList();
        if (items.Count == 0)
        {
            WalkOptional(branch.Else, dot);
            return;
        }

        var vars = branch.Pipe.Variables;
        foreach (var (key, element) in items)
        {
            var mark = _variables.Count;
            if (vars.Count == 1)
            {
                SetVariable(vars[0], element, branch.Pipe.IsAssign);
            }
            else if (vars.Count == 2)
            {
                SetVariable(vars[0], key, branch.Pipe.IsAssign);
                SetVariable(vars[1], element, branch.Pipe.IsAssign);
            }

            try
            {
                Walk(branch.Body, element);
            }
            catch (LoopSignal signal)
            {
                if (signal.IsBreak)
                {
                    break;
                }
            }
            finally
            {
                _variables.RemoveRange(mark, _variables.Count - mark);
            }
        }
    }

    private IEnumerable<(object? Key, object? Value)> Enumerate(object? value, TemplateNode node)
    {
        switch (value)
        {
            case null or NoValue:
                yield break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return ((long)i, GoValues.Normalize(array[i]));
                }

                break;
            case IReadOnlyList<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    yield return ((long)i, list[i]);
                }

                break;
            case JsonObject obj:
                foreach (var key in GoValues.SortedKeys(obj))
                {
                    yield return (key, GoValues.Normalize(obj[key]));
                }

                break;
            case long n:
                for (long i = 0; i < n; i++)
                {
                    yield return (i, i);
                }

                break;
            default:
                throw ExecError(node, $"range can't iterate over {GoValues.Format(value)}");
        }
    }

    private object? EvalPipe(PipeNode pipe, object? dot, TemplateNode context, bool declare = true)
    {
        object? value = null;
        var hasValue = false;
        foreach (var command in pipe.Commands)
        {
            value = EvalCommand(command, dot, hasValue, value, context);
            hasValue = true;
        }

        if (declare && pipe.Variables.Count == 1)
        {
            SetVariable(pipe.Variables[0], value, pipe.IsAssign);
        }

        return value;
    }

    private void SetVariable(string name, object? value, bool isAssign)
    {
        if (isAssign)
        {
            for (var i = _variables.Count - 1; i >= 0; i--)
            {
                if (_variables[i].Key == name)
                {
                    _variables[i] = new(name, value);
                    return;
                }
            }

            throw new TemplateException($"template: {_name}: undefined variable: {name}");
        }

        _variables.Add(new(name, value));
    }

    private object? EvalCommand(CommandNode command, object? dot, bool hasFinal, object? final, TemplateNode context)
    {
        var first = command.Args[0];
        if (first is IdentifierNode identifier)
        {
            return CallFunction(identifier, command, dot, hasFinal, final);
        }

        if (command.Args.Count > 1 || hasFinal)
        {
            // docker's formatter contexts have methods with arguments ({{.Label "com.example"}}):
            // a field path whose last name is a known method calls it on the value before it.
            if (first is FieldNode field && BuiltinFunctions.Methods.TryGetValue(field.Names[^1], out var method))
            {
                var receiver = field.Names.Length == 1 ? dot : EvalFields(dot, field.Names[..^1], first);
                var args = new List<object?> { receiver };
                args.AddRange(command.Args.Skip(1).Select(a => EvalArg(a, dot)));
                if (hasFinal)
                {
                    args.Add(final);
                }

                return method(args);
            }

            throw ExecError(context, $"can't give argument to non-function {first.Source}");
        }

        return EvalArg(first, dot);
    }

    private object? CallFunction(IdentifierNode identifier, CommandNode command, object? dot, bool hasFinal, object? final)
    {
        if (!_functions.TryGetValue(identifier.Name, out var function))
        {
            throw ExecError(command, $"\"{identifier.Name}\" is not a defined function");
        }

        var argNodes = command.Args.Skip(1).ToList();
        try
        {
            if (BuiltinFunctions.ShortCircuit.Contains(identifier.Name))
            {
                return ShortCircuit(identifier.Name == "and", argNodes, dot, hasFinal, final);
            }

            var args = new List<object?>(argNodes.Count + 1);
            foreach (var node in argNodes)
            {
                args.Add(EvalArg(node, dot));
            }

            if (hasFinal)
            {
                args.Add(final);
            }

            return function(args);
        }
        catch (TemplateException ex) when (!ex.Message.StartsWith("template:", StringComparison.Ordinal))
        {
            throw ExecError(command, ex.Message.StartsWith("error calling", StringComparison.Ordinal) ? ex.Message : $"error calling {identifier.Name}: {ex.Message}");
        }
    }

    private object? ShortCircuit(bool isAnd, List<TemplateNode> argNodes, object? dot, bool hasFinal, object? final)
    {
        object? value = null;
        var count = argNodes.Count + (hasFinal ? 1 : 0);
        if (count == 0)
        {
            throw new TemplateException($"wrong number of args for {(isAnd ? "and" : "or")}: want at least 1 got 0");
        }

        for (var i = 0; i < count; i++)
        {
            value = i < argNodes.Count ? EvalArg(argNodes[i], dot) : final;
            if (GoValues.IsTrue(value) != isAnd)
            {
                return value;
            }
        }

        return value;
    }

    private object? EvalArg(TemplateNode node, object? dot) => node switch
    {
        DotNode => dot,
        LiteralNode literal => literal.Value,
        FieldNode field => EvalFields(dot, field.Names, node),
        VariableNode variable => EvalFields(LookupVariable(variable), variable.Fields, node),
        SubPipeNode sub => EvalPipe(sub.Pipe, dot, sub),
        ChainNode chain => EvalFields(EvalArg(chain.Target, dot), chain.Fields, node),
        IdentifierNode identifier => CallFunction(identifier, new CommandNode(identifier.Line, [identifier]), dot, false, null),
        _ => throw ExecError(node, $"can't evaluate {node.Source}"),
    };

    private object? LookupVariable(VariableNode variable)
    {
        for (var i = _variables.Count - 1; i >= 0; i--)
        {
            if (_variables[i].Key == variable.Name)
            {
                return _variables[i].Value;
            }
        }

        throw new TemplateException($"template: {_name}:{variable.Line}: undefined variable \"{variable.Name}\"");
    }

    private object? EvalFields(object? receiver, string[] names, TemplateNode node)
    {
        var value = receiver;
        foreach (var name in names)
        {
            value = GoValues.Normalize(value) switch
            {
                JsonObject obj => obj.TryGetPropertyValue(name, out var child) || TryGetByGoName(obj, name, out child) ? GoValues.Normalize(child) : NoValue.Instance,
                null or NoValue => NoValue.Instance,
                var other => throw ExecError(node, $"can't evaluate field {name} in type {GoValues.TypeName(other)}"),
            };
        }

        return value;
    }

    /// <summary>
    /// Docker's templates see Go structs, whose field names differ from the JSON keys the rows here
    /// carry in case only (events: TimeNano/"timeNano", Status/"status"; inspect: ID/"Id"), so a
    /// field missing by its exact name is looked up ignoring case.
    /// </summary>
    private static bool TryGetByGoName(JsonObject obj, string name, out JsonNode? value)
    {
        foreach (var (key, child) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = child;
                return true;
            }
        }
        value = null;
        return false;
    }

    private TemplateException ExecError(TemplateNode node, string message) =>
        new($"template: {_name}:{node.Line}: executing \"{_name}\" at <{node.Source}>: {message}");
}
