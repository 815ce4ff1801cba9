namespace Berth.Cli.Infrastructure;

/// <summary>
/// Maps command paths ("images", "image ls") to commands. Groups ("image", "system") list their
/// subcommands in help. One command can sit at several paths (aliases).
/// </summary>
internal sealed class CommandRegistry
{
    private readonly Dictionary<string, ICommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Description, List<(string Name, string Description)> Children)> _groups = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Description)> _topLevel = [];

    public void AddGroup(string name, string description)
    {
        _groups[name] = (description, []);
        _topLevel.Add((name, description));
    }

    /// <summary>Registers <paramref name="command"/> at each path; the first path of a group lists it in the group help.</summary>
    public void Add(ICommand command, params string[] paths)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            _commands[path] = command;
            var parts = path.Split(' ');
            if (parts.Length == 2 && _groups.TryGetValue(parts[0], out var group) && listed.Add(parts[0]))
            {
                group.Children.Add((parts[1], command.Spec.Description));
            }
            else if (parts.Length == 1 && listed.Add(string.Empty))
            {
                _topLevel.Add((path, command.Spec.Description));
            }
        }
    }

    public bool IsGroup(string name) => _groups.ContainsKey(name);

    public string GroupDescription(string name) => _groups[name].Description;

    public IEnumerable<(string Name, string Description)> GroupChildren(string name) =>
        _groups[name].Children.OrderBy(c => c.Name, StringComparer.Ordinal);

    public IEnumerable<(string Name, string Description)> TopLevel => _topLevel.OrderBy(c => c.Name, StringComparer.Ordinal);

    public ICommand? Find(string path) => _commands.GetValueOrDefault(path);
}
