using System.Net.Sockets;
using Berth.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>
/// Real-world builds over a local debian:bookworm (scripts/debian-image.sh): apt-get install in RUN
/// (network through the build's default bridge, or host with BERTH_TEST_BUILD_NETWORK=host), a
/// multi-stage copy of the result, and a PHP web image (nginx + php-fpm + supervisord) that is run
/// and fetched. Minutes each; their own class so they run beside the other test classes.
/// </summary>
public sealed class BuildDebianTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(10);
    private readonly DaemonFixture _daemon = new();

    // `berth build --network` for the RUN containers: "default" is the bridge with NAT.
    private static string BuildNetwork =>
        Environment.GetEnvironmentVariable("BERTH_TEST_BUILD_NETWORK") is { Length: > 0 } network ? network : "default";

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await DebianImage.EnsureImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    private string Context(string name, params (string Path, string Content)[] files)
    {
        var dir = Path.Combine(_daemon.Root, "ctx-" + name);
        Directory.CreateDirectory(dir);
        foreach (var (path, content) in files)
        {
            File.WriteAllText(Path.Combine(dir, path), content);
        }
        return dir;
    }

    private async Task<CliResult> BuildAsync(string tag, string context)
    {
        var result = await _daemon.RunCliAsync(["build", "--network", BuildNetwork, "-t", tag, context], timeout: s_buildTimeout);
        output.WriteLine(result.ToString());
        return result.EnsureSuccess();
    }

    [DebianFact]
    public async Task Apt_get_in_a_builder_stage_and_the_binary_copied_into_the_final_stage()
    {
        var ctx = Context("jq", ("Dockerfile", """
            FROM debian:bookworm AS builder
            # Retries: the mirror is the internet, and a dropped connection is not what this test is about.
            RUN apt-get -o Acquire::Retries=3 update && apt-get -o Acquire::Retries=3 install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
            # The binary and the libraries dpkg brought for it, without libc (the final stage has it).
            RUN mkdir -p /out/lib && cp /usr/bin/jq /out/jq \
             && for lib in $(ldd /usr/bin/jq | awk '/libjq|libonig/ {print $3}'); do cp -L "$lib" /out/lib/; done \
             && echo '{"engine":"berth","stages":2}' | jq -r '"\(.engine) built \(.stages) stages"' > /out/built.txt

            FROM debian:bookworm
            COPY --from=builder /out/jq /usr/local/bin/jq
            COPY --from=builder /out/lib/ /opt/jq/lib/
            COPY --from=builder /out/built.txt /built.txt
            ENV LD_LIBRARY_PATH=/opt/jq/lib
            CMD ["sh", "-c", "cat /built.txt && echo '{\"a\":[1,2,3]}' | jq -c '.a | map(. * 2)' && test ! -e /var/lib/dpkg/info/jq.list && echo no-apt-state"]
            """));
        var build = await BuildAsync("jq:1", ctx);
        Assert.Contains("Setting up jq", build.Stdout);

        var run = (await _daemon.RunCliAsync(["run", "--rm", "jq:1"])).EnsureSuccess();
        Assert.Equal(["berth built 2 stages", "[2,4,6]", "no-apt-state"], run.Lines);

        // The final image is debian:bookworm plus the three COPY layers only.
        var baseLayers = int.Parse((await _daemon.RunCliAsync(["image", "inspect", "-f", "{{len .RootFS.Layers}}", DebianImage.Reference])).EnsureSuccess().Stdout.Trim());
        var layers = int.Parse((await _daemon.RunCliAsync(["image", "inspect", "-f", "{{len .RootFS.Layers}}", "jq:1"])).EnsureSuccess().Stdout.Trim());
        Assert.Equal(baseLayers + 3, layers);
    }

    private const string WebDockerfile = """
        FROM debian:bookworm
        RUN apt-get -o Acquire::Retries=3 update \
         && apt-get -o Acquire::Retries=3 install -y --no-install-recommends nginx-light php-fpm supervisor gettext-base curl \
         && rm -rf /var/lib/apt/lists/* \
         && ln -sf /dev/stdout /var/log/nginx/access.log \
         && ln -sf /dev/stderr /var/log/nginx/error.log \
         && ln -s "$(ls /usr/sbin/php-fpm* | head -n1)" /usr/local/sbin/php-fpm \
         && conf="$(ls -d /etc/php/*/fpm)" \
         && sed -i -e 's#^listen = .*#listen = /run/php/php-fpm.sock#' -e 's#^;clear_env = no#clear_env = no#' "$conf/pool.d/www.conf" \
         && sed -i -e 's#^error_log = .*#error_log = /proc/self/fd/2#' "$conf/php-fpm.conf" \
         && mkdir -p /run/php /etc/nginx/templates \
         && rm -f /etc/nginx/sites-enabled/default
        COPY <<'EOF' /etc/nginx/templates/site.conf.template
        server {
            listen ${PORT};
            server_name ${SERVER_NAME};
            root /var/www/html;
            index index.php;
            location ~ \.php$ {
                include snippets/fastcgi-php.conf;
                fastcgi_pass unix:/run/php/php-fpm.sock;
            }
        }
        EOF
        COPY <<'EOF' /etc/supervisor/supervisord.conf
        [supervisord]
        nodaemon=true
        user=root
        logfile=/dev/null
        logfile_maxbytes=0
        pidfile=/run/supervisord.pid

        [program:php-fpm]
        command=/usr/local/sbin/php-fpm --nodaemonize
        stdout_logfile=/dev/stdout
        stdout_logfile_maxbytes=0
        stderr_logfile=/dev/stderr
        stderr_logfile_maxbytes=0

        [program:nginx]
        command=/usr/sbin/nginx -g "daemon off;"
        stdout_logfile=/dev/stdout
        stdout_logfile_maxbytes=0
        stderr_logfile=/dev/stderr
        stderr_logfile_maxbytes=0
        EOF
        COPY --chmod=0755 <<'EOF' /usr/local/bin/start
        #!/bin/sh
        set -e
        envsubst '${PORT} ${SERVER_NAME}' < /etc/nginx/templates/site.conf.template > /etc/nginx/sites-enabled/site.conf
        exec supervisord -c /etc/supervisor/supervisord.conf
        EOF
        COPY --chown=www-data:www-data index.php /var/www/html/index.php
        ENV PORT=80 SERVER_NAME=localhost
        EXPOSE 80
        CMD ["/usr/local/bin/start"]
        """;

    [DebianFact]
    public async Task Php_web_image_with_nginx_php_fpm_and_supervisord_serves_a_dynamic_page()
    {
        var ctx = Context("web", ("Dockerfile", WebDockerfile),
            ("index.php", "<?php echo \"hello from \" . getenv(\"APP_NAME\") . \" on \" . PHP_SAPI . \"\\n\"; ?>\n"));
        await BuildAsync("web:1", ctx);

        // The quoted heredoc keeps ${PORT} for envsubst at start-up.
        var template = (await _daemon.RunCliAsync(["run", "--rm", "web:1", "cat", "/etc/nginx/templates/site.conf.template"])).EnsureSuccess();
        Assert.Contains("listen ${PORT};", template.Stdout);
        var owner = (await _daemon.RunCliAsync(["run", "--rm", "web:1", "stat", "-c", "%U:%G %a", "/var/www/html/index.php", "/usr/local/bin/start"])).EnsureSuccess();
        Assert.Equal(["www-data:www-data 644", "root:root 755"], owner.Lines);

        var port = FreeLoopbackPort();
        var id = (await _daemon.RunCliAsync(["run", "-d", "-e", "APP_NAME=berth", "-e", "SERVER_NAME=berth.test",
            "-p", $"127.0.0.1:{port}:80", "web:1"])).EnsureSuccess().Stdout.Trim();
        try
        {
            var body = await FetchAsync(port, id);
            Assert.Equal("hello from berth on fpm-fcgi", body.Trim());

            // nginx's access.log is a symlink to stdout: supervisord passes it on, conmon logs it.
            // supervisord says "success" once a program has stayed up for startsecs (1 s).
            string[] expected = ["\"GET /index.php HTTP/1.1\" 200", "success: nginx entered RUNNING state", "success: php-fpm entered RUNNING state"];
            string logs = "";
            for (var i = 0; i < 100 && !expected.All(e => logs.Contains(e, StringComparison.Ordinal)); i++)
            {
                await Task.Delay(100);
                var result = (await _daemon.RunCliAsync(["logs", id])).EnsureSuccess();
                logs = result.Stdout + result.Stderr;
            }
            output.WriteLine(logs);
            Assert.All(expected, e => Assert.Contains(e, logs));
        }
        finally
        {
            await _daemon.RunCliAsync(["rm", "-f", id]);
        }
    }

    /// <summary>GET /index.php through the published port (retried while supervisord starts the programs).</summary>
    private async Task<string> FetchAsync(int port, string id)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Exception? last = null;
        for (var i = 0; i < 60; i++)
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/index.php");
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }
                last = new HttpRequestException($"{(int)response.StatusCode}: {body}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e;
            }
            await Task.Delay(500);
        }
        var logs = await _daemon.RunCliAsync(["logs", id]);
        throw new InvalidOperationException($"127.0.0.1:{port} never served index.php: {last?.Message}\n{logs.Stdout}{logs.Stderr}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
