namespace Berth.Runtime.Conmon;

/// <summary>
/// One `conmon --exec` invocation. <see cref="BundleDir"/> is the exec's own directory (attach
/// socket, ctl fifo, pid file, runc log); its exit file is written to <see cref="ExitDir"/>/&lt;container id&gt;,
/// which is why every exec gets its own exit directory. <see cref="Attach"/> makes conmon wait for
/// the daemon to connect to the attach socket before runc exec runs, so no output is lost.
/// </summary>
internal sealed record ConmonExecRequest(
    string ContainerId,
    string ExecId,
    string BundleDir,
    string ExitDir,
    string ProcessSpecPath,
    bool Tty,
    bool Stdin,
    bool Attach);
