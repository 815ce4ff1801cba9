using System.Text;
using Berth.Cli.Formatting;
using Xunit;

namespace Berth.Cli.Tests;

public class JsonIndenterTests
{
    [Fact]
    public void IndentsLikeGoJsonIndentKeepingRawTokens()
    {
        var raw = Encoding.UTF8.GetBytes("{\"Id\":\"sha256:ab\",\"RepoTags\":[\"a:b\",\"\\u003cnone\\u003e\"],\"Size\":1.0e3,\"Empty\":[],\"Obj\":{},\"N\":null,\"Nested\":{\"k\":true}}");
        var expected = """
            [
                {
                    "Id": "sha256:ab",
                    "RepoTags": [
                        "a:b",
                        "\u003cnone\u003e"
                    ],
                    "Size": 1.0e3,
                    "Empty": [],
                    "Obj": {},
                    "N": null,
                    "Nested": {
                        "k": true
                    }
                }
            ]
            """;
        Assert.Equal(expected, JsonIndenter.IndentArray([raw]));
    }

    [Fact]
    public void SeveralElements() =>
        Assert.Equal("[\n    {\n        \"a\": 1\n    },\n    {\n        \"b\": 2\n    }\n]", JsonIndenter.IndentArray([Encoding.UTF8.GetBytes("{\"a\":1}"), Encoding.UTF8.GetBytes("{\"b\":2}")]));
}
