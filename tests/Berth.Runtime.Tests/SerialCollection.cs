using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>Tests that run with no other test at the same time, e.g. those that look for zombie
/// conmons of the test process, which other tests' monitors briefly are while their exits are recorded.</summary>
[CollectionDefinition(nameof(SerialCollection), DisableParallelization = true)]
public sealed class SerialCollection;
