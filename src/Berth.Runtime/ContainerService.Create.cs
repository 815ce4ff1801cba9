using System.Security.Cryptography;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Core.Volumes;
using Berth.Linux;
using Berth.Runtime.Oci;
using Berth.Runtime.State;

namespace Berth.Runtime;

public sealed partial class ContainerService
{
    public async Task<ContainerCreateResult> CreateAsync(string? name, ContainerSpec spec, CancellationToken cancellationToken)
    {
        ImageDetails image = await _images.GetAsync(spec.Image, cancellationToken).ConfigureAwait(false);
        ImageConfig imageConfig = ImageConfig.Parse(image.ConfigJson.Span);
        ValidateHostConfig(spec);
        List<ContainerNetwork> networks = await ResolveNetworksAsync(spec, cancellationToken).ConfigureAwait(false);
        var warnings = new List<string>();
        if (spec.Init == true && FindInit() is null)
        {
            warnings.Add("--init was requested but no init binary (tini/docker-init) is installed; running without it");
        }

        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        IReadOnlyList<string>? entrypoint = spec.Entrypoint ?? imageConfig.Entrypoint;
        IReadOnlyList<string>? cmd = spec.Cmd ?? (spec.Entrypoint is null ? imageConfig.Cmd : null);
        var full = (entrypoint ?? []).Concat(cmd ?? []).ToList();
        if (full.Count == 0)
        {
            throw EngineException.InvalidArgument("No command specified");
        }
        var labels = new Dictionary<string, string>(imageConfig.Labels, StringComparer.Ordinal);
        foreach (var (k, v) in spec.Labels)
        {
            labels[k] = v;
        }
        ContainerSpec config = spec with
        {
            Cmd = cmd,
            Entrypoint = entrypoint,
            Env = EnvironmentBuilder.Merge(imageConfig.Env, spec.Env),
            WorkingDir = string.IsNullOrEmpty(spec.WorkingDir) ? imageConfig.WorkingDir : spec.WorkingDir,
            User = string.IsNullOrEmpty(spec.User) ? imageConfig.User : spec.User,
            StopSignal = spec.StopSignal ?? imageConfig.StopSignal,
            ExposedPorts = imageConfig.ExposedPorts.Union(spec.ExposedPorts).ToList(),
            Volumes = imageConfig.Volumes.Union(spec.Volumes).ToList(),
            Labels = labels,
            Hostname = string.IsNullOrEmpty(spec.Hostname) ? (spec.NetworkMode == "host" ? Environment.MachineName : id[..12]) : spec.Hostname,
        };

        ContainerEntry entry;
        lock (_names)
        {
            string finalName = name is { Length: > 0 } ? ContainerNames.Normalize(name) : GenerateName();
            ContainerEntry? holder = _containers.Values.FirstOrDefault(e => e.Record.Name == finalName);
            if (holder is not null)
            {
                throw EngineException.Conflict(ContainerNames.ConflictMessage(finalName, holder.Record.Id));
            }
            entry = new ContainerEntry(new ContainerRecord
            {
                Id = id,
                Name = finalName,
                Created = _time.GetUtcNow(),
                ImageId = image.Id,
                ImageName = spec.Image,
                Spec = spec,
                Config = config,
                Path = full[0],
                Args = full.Skip(1).ToList(),
                Warnings = warnings,
                Networks = networks,
            });
            _containers[id] = entry;
        }
        List<ResolvedMount> mounts = [];
        try
        {
            // After the name is taken, so a name conflict never leaves anonymous volumes behind.
            mounts = await PlanMountsAsync(id, spec, config, cancellationToken).ConfigureAwait(false);
            entry.Record.Mounts = mounts;
            string dir = BundleDir(id);
            Directory.CreateDirectory(dir);
            Directory.CreateDirectory(RootfsDir(dir));
            HostFiles.Write(dir, config.Hostname!, config, _options.HostResolvConf, _options.HostHosts);
            File.WriteAllBytes(Path.Combine(dir, "ctr.log"), []);
            Save(entry);
        }
        catch
        {
            _containers.TryRemove(id, out _);
            if (Directory.Exists(BundleDir(id)))
            {
                Directory.Delete(BundleDir(id), recursive: true);
            }
            await RemoveAnonymousVolumesAsync(mounts).ConfigureAwait(false);
            throw;
        }
        Publish(entry, "create");
        return new ContainerCreateResult(id, warnings);
    }

    private string GenerateName()
    {
        for (int attempt = 0; ; attempt++)
        {
            string candidate = "/" + NameGenerator.Generate(attempt);
            if (!_containers.Values.Any(e => e.Record.Name == candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>moby's HostConfig checks (daemon/container.go verifyPlatformContainerSettings and restart policy validation).</summary>
    private static void ValidateHostConfig(ContainerSpec spec)
    {
        RestartPolicy p = spec.RestartPolicy;
        string policy = string.IsNullOrEmpty(p.Name) ? "no" : p.Name;
        if (policy is not ("no" or "always" or "unless-stopped" or "on-failure"))
        {
            throw EngineException.InvalidArgument($"invalid restart policy: unknown policy '{policy}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
        if (p.MaximumRetryCount < 0)
        {
            throw EngineException.InvalidArgument("invalid restart policy: maximum retry count cannot be negative");
        }
        if (p.MaximumRetryCount > 0 && policy != "on-failure")
        {
            throw EngineException.InvalidArgument($"invalid restart policy: maximum retry count can only be used with 'on-failure'");
        }
        if (spec.AutoRemove && policy != "no")
        {
            throw EngineException.InvalidArgument("can't create 'AutoRemove' container with restart policy");
        }
        if (spec.StopSignal is { Length: > 0 } s && !ProcessSignals.TryParse(s, out _))
        {
            throw EngineException.InvalidArgument($"Invalid signal: {s}");
        }
        HostsFile.Validate(spec.ExtraHosts);
        Capabilities.Compute(spec.CapAdd, spec.CapDrop, spec.Privileged);
        SecurityOptions.Parse(spec.SecurityOpt);
        Logs.LogPolicy.Parse(spec.LogConfig);
        RlimitBuilder.Build(spec.Ulimits, _ => ResourceLimits.Infinity);
        if (spec.Memory is > 0 and < 6 * 1024 * 1024)
        {
            throw EngineException.InvalidArgument("Minimum memory limit allowed is 6MB");
        }
    }

    private string? FindInit()
    {
        if (_options.InitPath is not null)
        {
            return File.Exists(_options.InitPath) ? _options.InitPath : null;
        }
        // Only static builds: the binary runs inside images that may have no libc at all.
        return new[] { "/usr/libexec/docker/docker-init", "/usr/bin/docker-init", "/usr/bin/tini-static" }.FirstOrDefault(File.Exists);
    }
}
