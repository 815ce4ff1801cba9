using Berth.Build.Shell;

namespace Berth.Build.Tests;

public sealed class ShellLexTests
{
    private static string Expand(string word, params (string K, string V)[] env) =>
        new ShellLex().ProcessWord(word, env.ToDictionary(e => e.K, e => e.V));

    [Theory]
    [InlineData("${VAR:?message here$ARG}", "plain")]
    [InlineData("${VAR?message here$ARG}", "plain")]
    public void ErrorIfUnsetReturnsValueWhenSet(string word, string expected) =>
        Assert.Equal(expected, Expand(word, ("VAR", "plain"), ("ARG", "x")));

    [Fact]
    public void ErrorIfUnsetOrEmptyFailsWithMessage()
    {
        var e1 = Assert.Throws<ShellExpansionException>(() => Expand("${VAR:?message here$ARG}", ("VAR", ""), ("ARG", "x")));
        Assert.Contains("message herex", e1.Message);
        var e2 = Assert.Throws<ShellExpansionException>(() => Expand("${VAR:?message here$ARG}", ("ARG", "x")));
        Assert.Contains("message herex", e2.Message);
        Assert.Equal("", Expand("${VAR?message here$ARG}", ("VAR", ""), ("ARG", "x")));
        var e3 = Assert.Throws<ShellExpansionException>(() => Expand("${VAR?message here$ARG}", ("ARG", "x")));
        Assert.Contains("message herex", e3.Message);
    }

    [Theory]
    [InlineData("${FOO#*/}", "a/b/c.tar.gz", "b/c.tar.gz")]
    [InlineData("${FOO##*/}", "a/b/c.tar.gz", "c.tar.gz")]
    [InlineData("${FOO%.*}", "a/b/c.tar.gz", "a/b/c.tar")]
    [InlineData("${FOO%%.*}", "a/b/c.tar.gz", "a/b/c")]
    [InlineData("${FOO#x}", "abc", "abc")]
    [InlineData("${FOO%\\*}", "xx**", "xx*")]
    [InlineData("${FOO%%\\**}", "xx**", "xx")]
    [InlineData("${FOO#?}", "abc", "bc")]
    [InlineData("${FOO/b/X}", "abcb", "aXcb")]
    [InlineData("${FOO//b/X}", "abcb", "aXcX")]
    [InlineData("${FOO//b*/X}", "abcb", "aX")]
    [InlineData("${FOO/\\//_}", "a/b", "a_b")]
    [InlineData("${FOO//./-}", "1.2.3", "1-2-3")]
    [InlineData("${FOO/x/}", "axb", "ab")]
    public void PatternOperators(string word, string value, string expected) =>
        Assert.Equal(expected, Expand(word, ("FOO", value)));

    [Theory]
    [InlineData("${FOO:#x}")]
    [InlineData("${FOO:%x}")]
    [InlineData("${FOO/x}")]
    [InlineData("${FOO#\\a}")]
    public void InvalidPatternFormsFail(string word) =>
        Assert.Throws<ShellExpansionException>(() => Expand(word, ("FOO", "abc")));

    [Fact]
    public void BacktickEscapeToken()
    {
        var lex = new ShellLex('`');
        Assert.Equal("a$b", lex.ProcessWord("a`$b", new Dictionary<string, string> { ["b"] = "X" }));
        Assert.Equal("c:\\dir", lex.ProcessWord("c:\\dir", null));
    }

    [Fact]
    public void SkipUnsetEnvKeepsReferences()
    {
        var lex = new ShellLex { SkipUnsetEnv = true };
        var env = new Dictionary<string, string> { ["SET"] = "v" };
        Assert.Equal("$NOPE ${NOPE} ${NOPE:-d} v", lex.ProcessWord("$NOPE ${NOPE} ${NOPE:-d} $SET", env));
    }

    [Fact]
    public void ReportsMatchedAndUnmatchedNames()
    {
        var result = new ShellLex().Process("$A ${B:-x} $C", new Dictionary<string, string> { ["A"] = "1" });
        Assert.Equal(["A"], result.Matched);
        Assert.Equal(["B", "C"], result.Unmatched.Order());
        Assert.Equal(["1", "x"], result.Words);
    }

    [Fact]
    public void NestedDefaultKeepsSurroundingWord()
    {
        var words = new ShellLex().ProcessWords("hello${X:-y}bye there", null);
        Assert.Equal(["helloybye", "there"], words);
    }
}
