using System.Diagnostics;
using System.Text;
using Berth.Build.Execution;
using Berth.Core.Errors;

namespace Berth.Build.Tests.Execution;

public sealed class SecretEnvWrapperTests
{
    [Fact]
    public async Task ValuesSurviveTheShellExactly()
    {
        var tricky = "it's $HOME `id` \"q\" \\n\nline2\n\n";
        var binary = new byte[] { 0xff, 0xfe, (byte)'\'', 0x01 };
        var script = SecretEnvWrapper.Script([("A", Encoding.UTF8.GetBytes(tricky)), ("B_2", binary)]);

        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Path);
        var path = Path.Combine(dir.Path, "wrapper");
        await File.WriteAllBytesAsync(path, script);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
        var output = Path.Combine(dir.Path, "out");
        var psi = new ProcessStartInfo(path) { UseShellExecute = false };
        foreach (var arg in new[] { "/bin/sh", "-c", "printf '%s' \"$A\" > \"$0\"; printf '%s' \"$B_2\" >> \"$0\"", output })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        var expected = Encoding.UTF8.GetBytes(tricky).Concat(binary).ToArray();
        Assert.Equal(expected, await File.ReadAllBytesAsync(output));
    }

    [Theory]
    [InlineData("1A")]
    [InlineData("A-B")]
    [InlineData("")]
    public void BadNamesAreRefused(string name) =>
        Assert.Throws<EngineException>(() => SecretEnvWrapper.Script([(name, [1])]));

    [Fact]
    public void NulBytesAreRefused()
    {
        var e = Assert.Throws<EngineException>(() => SecretEnvWrapper.Script([("A", [65, 0, 66])]));
        Assert.Contains("NUL", e.Message);
    }
}
