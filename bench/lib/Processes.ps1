# Process helpers for Invoke-Benchmark.ps1: run tools with a timeout, start servers in the foreground on
# loopback ports, and stop everything that was started (with its children), whatever happens.

# Every long-lived process the benchmark started; Stop-AllBenchProcesses ends them.
$script:BenchProcesses = [System.Collections.Generic.List[object]]::new()

function Get-FreePort {
    # Binds an ephemeral loopback port and releases it; the caller binds it again at once.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    }
    finally {
        $listener.Stop()
    }
}

function Get-PwshLaunch {
    # How to start another PowerShell of the same version: 'dotnet pwsh' resolves to 'dotnet <PSHOME>/pwsh.dll'
    # and then runs it as a child process; starting pwsh.dll directly gives one process whose id is known.
    $self = [Environment]::ProcessPath
    if ((Split-Path -Leaf $self) -like 'dotnet*') {
        return , @($self, (Join-Path $PSHOME 'pwsh.dll'))
    }
    , @($self)
}

function Invoke-Tool {
    <#
    .SYNOPSIS
        Runs a program to completion (or kills it after TimeoutSec) and returns its exit code, output and
        wall-clock time. Standard input is closed at once.
    #>
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSec = 600,
        [string] $WorkingDirectory,
        [hashtable] $Environment
    )
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $psi.ArgumentList.Add($argument) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    if ($WorkingDirectory) { $psi.WorkingDirectory = $WorkingDirectory }
    if ($Environment) { foreach ($key in $Environment.Keys) { $psi.Environment[$key] = $Environment[$key] } }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($psi)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $timedOut = -not $process.WaitForExit($TimeoutSec * 1000)
        $sw.Stop()
        if ($timedOut) {
            $process.Kill($true)
            $process.WaitForExit()
        }
        $process.WaitForExit()
        [pscustomobject]@{
            ExitCode = if ($timedOut) { -1 } else { $process.ExitCode }
            Stdout   = $stdout.GetAwaiter().GetResult()
            Stderr   = $stderr.GetAwaiter().GetResult()
            Seconds  = $sw.Elapsed.TotalSeconds
            TimedOut = $timedOut
        }
    }
    finally {
        $process.Dispose()
    }
}

function Get-ProcessChildrenMap {
    $map = @{}
    foreach ($dir in [System.IO.Directory]::EnumerateDirectories('/proc')) {
        $name = [System.IO.Path]::GetFileName($dir)
        if ($name -notmatch '^\d+$') { continue }
        try { $stat = [System.IO.File]::ReadAllText("$dir/stat") } catch { continue }
        $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
        $parent = [int]$fields[1]
        if (-not $map.ContainsKey($parent)) { $map[$parent] = [System.Collections.Generic.List[int]]::new() }
        $map[$parent].Add([int]$name)
    }
    $map
}

function Get-ProcessTreeIds([int] $Id) {
    $map = Get-ProcessChildrenMap
    $all = [System.Collections.Generic.List[int]]::new()
    $todo = [System.Collections.Generic.Stack[int]]::new()
    $todo.Push($Id)
    while ($todo.Count) {
        $current = $todo.Pop()
        $all.Add($current)
        if ($map.ContainsKey($current)) { foreach ($child in $map[$current]) { $todo.Push($child) } }
    }
    $all.ToArray()
}

function Test-ProcessAlive([int] $Id) {
    if (-not (Test-Path "/proc/$Id/stat")) { return $false }
    try { $stat = [System.IO.File]::ReadAllText("/proc/$Id/stat") } catch { return $false }
    # A zombie has exited; its parent has not reaped it yet.
    $stat.Substring($stat.LastIndexOf(')') + 2)[0] -ne 'Z'
}

function Get-PortOwnerId([int] $Port) {
    <# The id of the process that holds the listening socket on 127.0.0.1:$Port (ss, else /proc). #>
    $ss = Get-Command ss -ErrorAction Ignore
    if ($ss) {
        $lines = & $ss.Source -ltnpH "sport = :$Port" 2>$null
        foreach ($line in @($lines)) {
            if ("$line" -match 'pid=(\d+)') { return [int]$Matches[1] }
        }
    }
    # /proc/net/tcp: local address 0100007F:PORT in state 0A (LISTEN); find the fd that links to its inode.
    $hexPort = '{0:X4}' -f $Port
    $inode = $null
    foreach ($row in [System.IO.File]::ReadAllLines('/proc/net/tcp') | Select-Object -Skip 1) {
        $cols = $row.Trim() -split '\s+'
        if ($cols[1].EndsWith(":$hexPort") -and $cols[3] -eq '0A') { $inode = $cols[9]; break }
    }
    if (-not $inode) { return $null }
    foreach ($dir in [System.IO.Directory]::EnumerateDirectories('/proc')) {
        if ([System.IO.Path]::GetFileName($dir) -notmatch '^\d+$') { continue }
        try {
            foreach ($fd in [System.IO.Directory]::EnumerateFileSystemEntries("$dir/fd")) {
                if ((Get-Item -LiteralPath $fd -ErrorAction Ignore).LinkTarget -eq "socket:[$inode]") {
                    return [int][System.IO.Path]::GetFileName($dir)
                }
            }
        }
        catch { continue }
    }
    $null
}

function Start-BenchProcess {
    <#
    .SYNOPSIS
        Starts a long-running program in the foreground of its own process, output to a log file, and
        remembers it so Stop-AllBenchProcesses ends it (and its children).
    #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string[]] $Command,
        [Parameter(Mandatory)] [string] $LogPath,
        [string] $WorkingDirectory
    )
    # bash replaces itself with the program (exec), so the process id is the program's.
    $psi = [System.Diagnostics.ProcessStartInfo]::new('/bin/bash')
    foreach ($argument in @('-c', 'exec "$@" >"$0" 2>&1 </dev/null', $LogPath) + $Command) { $psi.ArgumentList.Add($argument) }
    $psi.UseShellExecute = $false
    if ($WorkingDirectory) { $psi.WorkingDirectory = $WorkingDirectory }
    $process = [System.Diagnostics.Process]::Start($psi)
    $entry = [pscustomobject]@{ Name = $Name; Process = $process; Id = $process.Id; LogPath = $LogPath; ExtraIds = [System.Collections.Generic.List[int]]::new() }
    $script:BenchProcesses.Add($entry)
    $entry
}

function Read-FtpGreeting([int] $Port, [int] $TimeoutMs = 2000) {
    $client = [System.Net.Sockets.TcpClient]::new()
    try {
        if (-not $client.ConnectAsync([System.Net.IPAddress]::Loopback, $Port).Wait($TimeoutMs)) { return $null }
        $stream = $client.GetStream()
        $stream.ReadTimeout = $TimeoutMs
        $reader = [System.IO.StreamReader]::new($stream)
        $line = $reader.ReadLine()
        $writer = [System.IO.StreamWriter]::new($stream)
        $writer.Write("QUIT`r`n")
        $writer.Flush()
        $line
    }
    catch { $null }
    finally { $client.Dispose() }
}

function Wait-FtpServer {
    <# Waits until the server answers 220 on its port; returns the id of the process holding the port. #>
    param([Parameter(Mandatory)] $Entry, [Parameter(Mandatory)] [int] $Port, [int] $TimeoutSec = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Entry.Process.HasExited) {
            $log = if (Test-Path $Entry.LogPath) { (Get-Content -Raw $Entry.LogPath) } else { '' }
            throw "$($Entry.Name) exited with code $($Entry.Process.ExitCode) before listening on port $Port. $log"
        }
        $greeting = Read-FtpGreeting $Port
        if ($greeting -like '220*') {
            $owner = Get-PortOwnerId $Port
            if ($owner) {
                if ($owner -ne $Entry.Id) { $Entry.ExtraIds.Add($owner) }
                return $owner
            }
        }
        Start-Sleep -Milliseconds 100
    }
    throw "$($Entry.Name) did not answer on port $Port within $TimeoutSec s."
}

function Stop-BenchProcess {
    <# SIGTERM to the process, then SIGKILL to whatever of its tree (as it was before) is still alive. #>
    param([Parameter(Mandatory)] $Entry, [int] $GraceMs = 3000)
    $ids = [System.Collections.Generic.HashSet[int]]::new()
    foreach ($root in @($Entry.Id) + @($Entry.ExtraIds)) {
        if (Test-ProcessAlive $root) { foreach ($id in Get-ProcessTreeIds $root) { $null = $ids.Add($id) } }
    }
    if (Test-ProcessAlive $Entry.Id) { & kill -s TERM $Entry.Id 2>$null }
    foreach ($extra in $Entry.ExtraIds) { if (Test-ProcessAlive $extra) { & kill -s TERM $extra 2>$null } }
    $deadline = [DateTime]::UtcNow.AddMilliseconds($GraceMs)
    while ([DateTime]::UtcNow -lt $deadline -and @($ids | Where-Object { Test-ProcessAlive $_ }).Count) {
        Start-Sleep -Milliseconds 50
    }
    foreach ($id in $ids) {
        if (Test-ProcessAlive $id) { & kill -s KILL $id 2>$null }
    }
    try { $null = $Entry.Process.WaitForExit(2000) } catch { $null = $_ }
    $Entry.Process.Dispose()
    $null = $script:BenchProcesses.Remove($Entry)
}

function Stop-AllBenchProcesses {
    foreach ($entry in @($script:BenchProcesses)) {
        try { Stop-BenchProcess $entry } catch { Write-Warning "Could not stop $($entry.Name) ($($entry.Id)): $_" }
    }
}
