using System.Text.Json.Nodes;
using Berth.Client.Templates;
using Xunit;

namespace Berth.Cli.Tests;

public class GoTemplateTests
{
    private const string Data = """
        {
          "Id": "sha256:abc",
          "Name": "web",
          "Count": 3,
          "Ratio": 0.5,
          "Big": 1234567.0,
          "On": true,
          "Off": false,
          "Null": null,
          "Labels": {"b": "2", "a": "1"},
          "Empty": {},
          "Config": {"Env": ["PATH=/bin", "A=b"], "Cmd": null},
          "Tags": ["x", "y", "z"],
          "Ports": [{"Port": 80}, {"Port": 443}]
        }
        """;

    private static string Run(string template) => GoTemplate.Parse("", template).Execute(JsonNode.Parse(Data));

    [Theory]
    [InlineData("{{.Label \"a\"}}|{{.Label \"nope\"}}", "1|")]
    [InlineData("{{range .Rows}}{{.Label \"env\"}};{{end}}", "prod;;x=y;")]
    public void LabelMethod_ReadsTheRowsLabels(string template, string expected)
    {
        var data = JsonNode.Parse("""{"Labels": {"a": "1"}, "Rows": [{"Labels": "env=prod,tier=web"}, {"Labels": ""}, {"Labels": "env=x=y"}]}""");
        Assert.Equal(expected, GoTemplate.Parse("", template).Execute(data));
    }

    [Theory]
    [InlineData("{{.Name}}", "web")]
    [InlineData("{{.Config.Env}}", "[PATH=/bin A=b]")]
    [InlineData("{{.Labels}}", "map[a:1 b:2]")]
    [InlineData("{{.Empty}}", "map[]")]
    [InlineData("{{.Count}}", "3")]
    [InlineData("{{.Ratio}}", "0.5")]
    [InlineData("{{.Big}}", "1.234567e+06")]
    [InlineData("{{.On}} {{.Off}}", "true false")]
    [InlineData("{{.Null}}", "<nil>")]
    [InlineData("{{.Missing}}", "<no value>")]
    [InlineData("{{.Missing.Deeper}}", "<no value>")]
    [InlineData("{{.Ports}}", "[map[Port:80] map[Port:443]]")]
    [InlineData("{{json .Labels}}", "{\"b\":\"2\",\"a\":\"1\"}")]
    [InlineData("{{json .Name}}", "\"web\"")]
    [InlineData("{{json .Config.Cmd}}", "null")]
    [InlineData("{{index .Labels \"a\"}}", "1")]
    [InlineData("{{index .Labels \"zz\"}}", "")]
    [InlineData("{{index .Tags 1}}", "y")]
    [InlineData("{{(index .Ports 1).Port}}", "443")]
    [InlineData("{{range .Tags}}[{{.}}]{{end}}", "[x][y][z]")]
    [InlineData("{{range $i, $t := .Tags}}{{$i}}={{$t}} {{end}}", "0=x 1=y 2=z ")]
    [InlineData("{{range $k, $v := .Labels}}{{$k}}:{{$v}};{{end}}", "a:1;b:2;")]
    [InlineData("{{range .Ports}}{{$.Name}}:{{.Port}} {{end}}", "web:80 web:443 ")]
    [InlineData("{{range .Empty}}x{{else}}none{{end}}", "none")]
    [InlineData("{{range .Tags}}{{if eq . \"y\"}}{{break}}{{end}}{{.}}{{end}}", "x")]
    [InlineData("{{range .Tags}}{{if eq . \"y\"}}{{continue}}{{end}}{{.}}{{end}}", "xz")]
    [InlineData("{{if .On}}yes{{else}}no{{end}}", "yes")]
    [InlineData("{{if .Off}}yes{{else if .On}}elif{{else}}no{{end}}", "elif")]
    [InlineData("{{if .Null}}yes{{else}}no{{end}}", "no")]
    [InlineData("{{with .Labels}}{{.a}}{{end}}", "1")]
    [InlineData("{{with .Missing}}x{{else}}none{{end}}", "none")]
    [InlineData("{{.Name | upper}}", "WEB")]
    [InlineData("{{.Name | printf \"%s-%d\" 7}}", "%!s(int=7)-%!d(string=web)")]
    [InlineData("{{printf \"%s-%d\" .Name .Count}}", "web-3")]
    [InlineData("{{printf \"%-5s|\" .Name}}", "web  |")]
    [InlineData("{{printf \"%v %q\" .Tags .Name}}", "[x y z] \"web\"")]
    [InlineData("{{upper .Name}} {{lower \"ABC\"}} {{title \"hello world\"}}", "WEB abc Hello World")]
    [InlineData("{{join .Tags \",\"}}", "x,y,z")]
    [InlineData("{{split \"a:b:c\" \":\"}}", "[a b c]")]
    [InlineData("{{index (split \"a:b:c\" \":\") 2}}", "c")]
    [InlineData("{{truncate .Id 8}}", "sha256:a")]
    [InlineData("{{pad .Name 1 2}}|", " web  |")]
    [InlineData("{{len .Tags}} {{len .Labels}} {{len .Name}}", "3 2 3")]
    [InlineData("{{slice .Name 1}} {{slice .Name 0 2}}", "eb we")]
    [InlineData("{{slice .Tags 1 3}}", "[y z]")]
    [InlineData("{{eq .Count 3}} {{ne .Name \"x\"}} {{lt 1 2}} {{gt .Count 5}}", "true true true false")]
    [InlineData("{{eq .Name \"a\" \"web\"}}", "true")]
    [InlineData("{{and .On .Name}} {{or .Off .Null \"d\"}} {{not .On}}", "web d false")]
    [InlineData("{{and .Off .Missing.X}}", "false")]
    [InlineData("{{$x := .Name}}{{$x}}{{$x = \"v\"}}{{$x}}", "webv")]
    [InlineData("{{print \"a\" 1 2 \"b\"}}", "a1 2b")]
    [InlineData("{{println .Name 1}}", "web 1\n")]
    [InlineData("a  {{- .Name -}}  b", "awebb")]
    [InlineData("x\n{{- /* comment */ -}}\ny", "xy")]
    [InlineData("{{.}}", "map[Big:1.234567e+06 Config:map[Cmd:<nil> Env:[PATH=/bin A=b]] Count:3 Empty:map[] Id:sha256:abc Labels:map[a:1 b:2] Name:web Null:<nil> Off:false On:true Ports:[map[Port:80] map[Port:443]] Ratio:0.5 Tags:[x y z]]")]
    [InlineData("{{range 3}}{{.}}{{end}}", "012")]
    [InlineData("{{`raw\\n`}}", "raw\\n")]
    [InlineData("{{\"q\\tz\"}}", "q\tz")]
    public void Executes(string template, string expected) => Assert.Equal(expected, Run(template));

    [Theory]
    [InlineData("{{.Name", "template: t:1: unclosed action")]
    [InlineData("{{if .On}}x", "template: t:1: unexpected EOF")]
    [InlineData("{{end}}", "template: t:1: unexpected {{end}}")]
    [InlineData("{{nosuch .X}}", "template: t:1: function \"nosuch\" not defined")]
    [InlineData("a\n{{.X | }}", "template: t:2: missing command")]
    [InlineData("{{break}}", "template: t:1: {{break}} outside {{range}}")]
    public void ParseErrors(string template, string message)
    {
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", template));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void FieldOnStringIsAnExecutionError()
    {
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", "{{.Name.X}}").Execute(JsonNode.Parse(Data)));
        Assert.Equal("template: t:1: executing \"t\" at <.Name.X>: can't evaluate field X in type string", ex.Message);
    }

    [Fact]
    public void IndexOutOfRangeIsAnExecutionError()
    {
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", "{{index .Tags 9}}").Execute(JsonNode.Parse(Data)));
        Assert.Contains("index out of range: 9", ex.Message);
    }

    [Fact]
    public void HeaderFunctionsAreIdentity()
    {
        var header = new JsonObject { ["Name"] = "NAME" };
        Assert.Equal("NAME", GoTemplate.Parse("", "{{json .Name}}").WithHeaderFunctions().Execute(header));
        Assert.Equal("NAME", GoTemplate.Parse("", "{{lower .Name}}").WithHeaderFunctions().Execute(header));
    }

    [Fact]
    public void CustomFunctions()
    {
        var functions = new Dictionary<string, TemplateFunction> { ["twice"] = a => (string)a[0]! + a[0] };
        Assert.Equal("webweb", GoTemplate.Parse("", "{{twice .Name}}", functions).Execute(JsonNode.Parse(Data)));
    }

    [Fact]
    public void GoFieldNamesReachJsonKeysThatDifferInCaseOnly()
    {
        var ev = JsonNode.Parse("""{"status":"start","id":"abc","Type":"container","timeNano":1700000000123456789}""");
        Assert.Equal("1700000000123456789 start abc container", GoTemplate.Parse("t", "{{.TimeNano}} {{.Status}} {{.ID}} {{.Type}}").Execute(ev));
        // The exact key wins over a case-insensitive one.
        Assert.Equal("upper", GoTemplate.Parse("t", "{{.Id}}").Execute(JsonNode.Parse("""{"id":"lower","Id":"upper"}""")));
        Assert.Equal("<no value>", GoTemplate.Parse("t", "{{.Missing}}").Execute(ev));
    }
}
