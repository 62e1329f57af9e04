# Setting up a benchmark run: the test data and one root per server, the machine and peer versions for the
# report, and the loopback ceiling (iperf3).

function New-BenchData {
    # The big file is written once and hard-linked into every root: one inode, one copy in the page cache.
    Write-Step "Creating test data: $(Format-Size $cfg.BigBytes) file, $($cfg.SmallCount) x $(Format-Size $cfg.SmallBytes), $($cfg.ListCount) listing entries"
    $null = Invoke-Shell "head -c $($cfg.BigBytes) /dev/urandom > '$big' && head -c $($cfg.ConcBytes) /dev/urandom > '$conc' && head -c 4096 /dev/urandom > '$rt'"
    $null = Invoke-FtpBench @('mkfiles', $smallData, "$($cfg.SmallCount)", "$($cfg.SmallBytes)", '--prefix', 'small-')

    foreach ($name in $servers.Keys) {
        $root = $servers[$name].Root
        $null = New-Item -ItemType Directory -Force $root
        foreach ($dir in 'up', 'conc-up', 'rt', 'up-small-ftplite', 'up-small-ftplite4', 'up-small-lftp') {
            $null = New-Item -ItemType Directory -Force (Join-Path $root $dir)
        }
        $null = Invoke-Shell "ln '$big' '$root/big.bin' && ln '$conc' '$root/conc.bin' && cp -al '$smallData' '$root/small'"
        $null = Invoke-FtpBench @('mkfiles', (Join-Path $root 'list'), "$($cfg.ListCount)", '0', '--prefix', 'entry-')
    }
    # vsftpd serves as the peer user and writes as it.
    $null = Invoke-Checked chown @('-R', $script:PeerUser, $servers['vsftpd'].Root)
    # Warm the page cache with the big file (it was just written, but make sure).
    $null = Invoke-Shell "cat '$big' '$conc' > /dev/null"
}

function Get-MachineInfo {
    # The report's header: mode, date, machine, FtpLite's build and the peers' versions.
    $cpuModel = (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $memKiB = [long]((Get-Content /proc/meminfo | Where-Object { $_ -like 'MemTotal:*' }) -replace '\D', '')
    $os = (Get-Content /etc/os-release -ErrorAction Ignore | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME="?|"$', ''
    $pyVersion = (& $python -c 'import pyftpdlib, sys; print(pyftpdlib.__ver__, "on Python", sys.version.split()[0])').Trim()
    $curlVersion = ((& curl --version | Select-Object -First 1) -split ' ')[1]
    $lftpVersion = if ("$(& lftp --version | Select-Object -First 1)" -match 'Version ([\d.]+)') { $Matches[1] } else { 'unknown' }
    $commit = (& git -C $repo rev-parse --short HEAD 2>$null)
    $dirty = if (& git -C $repo status --porcelain --untracked-files=no 2>$null) { ' (with uncommitted changes)' } else { '' }

    $info['Mode'] = "$($cfg.Mode): $(Format-Size $cfg.BigBytes) file, $($cfg.SmallCount) x $(Format-Size $cfg.SmallBytes) files, $($cfg.ListCount) listing entries, $($cfg.Clients) concurrent clients with $(Format-Size $cfg.ConcBytes) files; $($cfg.Runs) run(s) per row ($($cfg.ShortRuns) for listings and start-up)"
    $info['Date'] = $startedAt.ToString('yyyy-MM-dd HH:mm zzz', $inv)
    $script:LoadAtStart = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '
    $info['Machine'] = "$([Environment]::ProcessorCount) cores ($cpuModel), $([Math]::Round($memKiB / 1MB, 1)) GiB memory, $os, Linux $((& uname -r).Trim())"
    $info['FtpLite'] = "module $($probe.moduleVersion), commit $commit$dirty; PowerShell $($probe.psVersion) on $($probe.dotnet); client progress preference: $($probe.progressPreference)"
    $info['Peers'] = "vsftpd $(Get-PackageVersion vsftpd); pyftpdlib $pyVersion; curl $curlVersion; lftp $lftpVersion"
}

function Get-PackageVersion([string] $Package) {
    $v = & dpkg-query -W -f '${Version}' $Package 2>$null
    if ($LASTEXITCODE -eq 0 -and $v) { $v } else { 'unknown' }
}

function Measure-LoopbackCeiling($Iperf) {
    # One TCP stream over loopback with iperf3: what no FTP transfer here can beat.
    if (-not $Iperf) { return 'not measured (iperf3 unavailable)' }
    Write-Step "Loopback ceiling: iperf3, $($cfg.IperfSeconds) s"
    try {
        $iperfPort = Get-FreePort
        $iperfServer = Start-BenchProcess -Name 'iperf3 server' -Command @($Iperf.Source, '-s', '-B', '127.0.0.1', '-p', "$iperfPort", '-1') -LogPath (Join-Path $script:Logs 'iperf3.log')
        $result = $null
        foreach ($try in 1..20) {
            Start-Sleep -Milliseconds 150
            $r = Invoke-Tool $Iperf.Source @('-c', '127.0.0.1', '-p', "$iperfPort", '-t', "$($cfg.IperfSeconds)", '-J') -TimeoutSec ($cfg.IperfSeconds + 30)
            if ($r.ExitCode -eq 0) { $result = $r.Stdout | ConvertFrom-Json; break }
        }
        Stop-BenchProcess $iperfServer
        if (-not $result) { return 'not measured (iperf3 unavailable)' }
        $bps = $result.end.sum_received.bits_per_second
        ('{0:0.0} Gbit/s ({1:0} MiB/s), iperf3 {2}, one TCP stream, {3} s' -f ($bps / 1e9), ($bps / 8 / 1MB), (Get-PackageVersion iperf3), $cfg.IperfSeconds)
    }
    catch { "not measured ($($_.Exception.Message))" }
}
