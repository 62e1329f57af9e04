<#
    Start-FtpLiteServer and Stop-FtpLiteServer: the server object, -Port 0, State, stopping through the
    pipeline, users and anonymous access, the refusals (port in use, unsafe address, missing root), and a file
    name with non-ASCII letters and spaces served end to end. Every server here binds loopback only: the one
    started with -Address 0.0.0.0 must refuse to start.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $alice = New-TestCredential -UserName 'alice' -Password 'alice-Pa55'
    $bob = New-TestCredential -UserName 'bob' -Password 'bob-Pa55'
    $local = New-TestFolder -Prefix 'ftplite-server-local'
    $upload = New-TestFile -Path (Join-Path $local 'upload.bin') -Length 4096 -Seed 9
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Start-FtpLiteServer' {
    AfterEach {
        Disconnect-AllFtpLite
    }

    Context 'with -Port 0' {
        BeforeAll {
            $root = New-TestFolder -Prefix 'ftplite-server-root'
            $null = New-TestFile -Path (Join-Path $root 'served.txt') -Length 3
            $server = Start-FtpLiteServer -Root $root -Port 0 -ErrorAction Stop
            $server | Register-TestServer
        }

        It 'outputs one FtpLite.Server.FtpServer' {
            $server | Should -HaveCount 1
            $server | Should -BeOfType ([FtpLite.Server.FtpServer])
        }

        It 'shows the port it bound, not 0' {
            $server.Port | Should -BeGreaterThan 0
            $server.Port | Should -BeLessOrEqual 65535
            Test-TcpPortOpen -Port $server.Port | Should -BeTrue
        }

        It 'listens on 127.0.0.1 by default, serves the root folder and is Running' {
            "$($server.Address)" | Should -BeExactly '127.0.0.1'
            $server.Root | Should -BeExactly $root
            $server.State | Should -Be ([FtpLite.Server.FtpServerState]::Running)
            "$($server.State)" | Should -BeExactly 'Running'
        }

        It 'takes the defaults its help states: <Parameter> <Help>' -ForEach @(
            @{ Parameter = 'IdleTimeoutSec'; Option = 'IdleTimeout'; Help = 300 }
            @{ Parameter = 'LoginTimeoutSec'; Option = 'LoginTimeout'; Help = 60 }
            @{ Parameter = 'MaxConnections'; Option = 'MaxConnections'; Help = 500 }
            @{ Parameter = 'MaxConnectionsPerIP'; Option = 'MaxConnectionsPerIP'; Help = 250 }
            @{ Parameter = 'MaxPendingLoginsPerIP'; Option = 'MaxPendingLoginsPerIP'; Help = 64 }
            @{ Parameter = 'LoginBanThreshold'; Option = 'LoginBanThreshold'; Help = 10 }
            @{ Parameter = 'LoginBanDurationSec'; Option = 'LoginBanDuration'; Help = 900 }
        ) {
            # The shipped help says the number; README, docs/scaling.md and docs/haproxy.cfg repeat the idle 300 s.
            $text = (Get-Help Start-FtpLiteServer -Parameter $Parameter).Description.Text -join ' '
            $text | Should -Match "Defaults to $Help\b"
            $bound = $server.Options.$Option
            ($bound -is [TimeSpan] ? $bound.TotalSeconds : $bound) | Should -Be $Help
        }

        It 'serves the root folder to Connect-FtpLite on the port it shows' {
            $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

            @(Get-FtpLiteItem -Session $session -ErrorAction Stop).Name | Should -Be @('served.txt')
        }

        It 'counts open connections in ConnectionCount' {
            # Sessions closed by earlier tests leave the server's count a moment after their QUIT: let it settle.
            Disconnect-AllFtpLite
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($server.ConnectionCount -ne 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $server.ConnectionCount | Should -Be 0

            $null = Connect-FtpLite -Port $server.Port -ErrorAction Stop

            $server.ConnectionCount | Should -Be 1
        }

        It 'lets anonymous users upload when it has no users (loopback development server)' {
            $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

            $item = Send-FtpLiteFile -LiteralPath $upload.FullName -Session $session -ErrorAction Stop

            $item.Length | Should -Be 4096
            Get-TestFileHash (Join-Path $root 'upload.bin') | Should -Be (Get-TestFileHash $upload.FullName)
            "$($server.AnonymousAccess)" | Should -BeExactly 'ReadWrite'
        }

        It 'gives each server its own free port' {
            $second = Start-TestServer -Root $root

            $second.Port | Should -Not -Be $server.Port
            $second.State | Should -Be ([FtpLite.Server.FtpServerState]::Running)
        }
    }

    It 'resolves a relative -Root against the current PowerShell location' {
        $parent = New-TestFolder -Prefix 'ftplite-server-parent'
        $null = New-Item -ItemType Directory -Path (Join-Path $parent 'child')
        Push-Location -LiteralPath $parent
        try {
            $server = Start-FtpLiteServer -Root child -Port 0 -ErrorAction Stop
        }
        finally {
            Pop-Location
        }

        $server | Register-TestServer
        $server.Root | Should -BeExactly (Join-Path $parent 'child')
    }

    It 'serves the current PowerShell location when -Root is omitted' {
        $here = New-TestFolder -Prefix 'ftplite-server-here'
        Push-Location -LiteralPath $here
        try {
            $server = Start-FtpLiteServer -Port 0 -ErrorAction Stop
        }
        finally {
            Pop-Location
        }

        $server | Register-TestServer
        $server.Root | Should -BeExactly $here
    }

    It 'starts nothing with -WhatIf' {
        $root = New-TestFolder -Prefix 'ftplite-server-whatif'
        $port = Get-FreeTcpPort

        $output = Start-FtpLiteServer -Root $root -Port $port -WhatIf
        $output | Where-Object { $_ } | Register-TestServer

        $output | Should -BeNullOrEmpty
        Test-TcpPortOpen -Port $port | Should -BeFalse
    }

    Context 'users and anonymous access' {
        BeforeAll {
            $root = New-TestFolder -Prefix 'ftplite-server-users'
            $null = New-TestFile -Path (Join-Path $root 'shared.txt') -Length 7 -Seed 3
        }

        BeforeEach {
            Remove-Item -LiteralPath (Join-Path $root 'upload.bin') -ErrorAction Ignore
        }

        It 'lets every user given with -Credential log in and write' {
            $server = Start-TestServer -Root $root -Credential $alice, $bob

            foreach ($user in $alice, $bob) {
                $session = Connect-FtpLite -Port $server.Port -Credential $user -ErrorAction Stop
                $session.UserName | Should -BeExactly $user.UserName
                $null = Send-FtpLiteFile -LiteralPath $upload.FullName -Session $session -Force -ErrorAction Stop
                Disconnect-FtpLite -Session $session
            }

            Join-Path $root 'upload.bin' | Should -Exist
            "$($server.AnonymousAccess)" | Should -BeExactly 'None'
        }

        It 'refuses anonymous logins when it has users: FtpLite.LoginFailed' {
            $server = Start-TestServer -Root $root -Credential $alice

            $null = Connect-FtpLite -Port $server.Port -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LoginFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        }

        It 'refuses a user with another user''s password: FtpLite.LoginFailed' {
            $server = Start-TestServer -Root $root -Credential $alice, $bob
            $mixed = New-TestCredential -UserName 'bob' -Password 'alice-Pa55'

            $null = Connect-FtpLite -Port $server.Port -Credential $mixed -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LoginFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        }

        It 'lets anonymous users read but not write with -AllowAnonymous' {
            $server = Start-TestServer -Root $root -Credential $alice -AllowAnonymous
            $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

            @(Get-FtpLiteItem -Session $session -ErrorAction Stop).Name | Should -Be @('shared.txt')
            $file = Receive-FtpLiteFile shared.txt -Session $session -Destination (New-TestFolder) -ErrorAction Stop
            $file.Length | Should -Be 7
            $null = Send-FtpLiteFile -LiteralPath $upload.FullName -Session $session -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.CommandRefused,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
            Join-Path $root 'upload.bin' | Should -Not -Exist
            $null = Remove-FtpLiteItem shared.txt -Session $session -ErrorAction SilentlyContinue -ErrorVariable removeFailures
            $removeFailures | Should -HaveCount 1
            Join-Path $root 'shared.txt' | Should -Exist
        }

        It 'lets anonymous users write with -AllowAnonymousWrite' {
            $server = Start-TestServer -Root $root -Credential $alice -AllowAnonymousWrite
            $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

            $null = Send-FtpLiteFile -LiteralPath $upload.FullName -Session $session -ErrorAction Stop

            Get-TestFileHash (Join-Path $root 'upload.bin') | Should -Be (Get-TestFileHash $upload.FullName)
        }
    }

    Context 'refusals' {
        It 'refuses a port another server listens on: FtpLite.CannotListen, and the first one keeps serving' {
            $root = New-TestFolder -Prefix 'ftplite-server-busy'
            $first = Start-TestServer -Root $root

            $output = Start-FtpLiteServer -Root $root -Port $first.Port -ErrorAction SilentlyContinue -ErrorVariable failures
            $output | Where-Object { $_ } | Register-TestServer

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.CannotListen,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
            "$($failures[0])" | Should -BeLike "Cannot listen on 127.0.0.1:$($first.Port): the port is in use*-Port 0*"
            $first.State | Should -Be ([FtpLite.Server.FtpServerState]::Running)
            $session = Connect-FtpLite -Port $first.Port -ErrorAction Stop
            $session.State | Should -BeExactly 'Connected'
        }

        It 'refuses a non-loopback address without users: FtpLite.UnsafeServerConfiguration, and does not serve' {
            $root = New-TestFolder -Prefix 'ftplite-server-unsafe'
            $port = Get-FreeTcpPort

            $output = Start-FtpLiteServer -Root $root -Address 0.0.0.0 -Port $port -ErrorAction SilentlyContinue -ErrorVariable failures
            # Should the refusal ever fail, stop what was started at once: tests bind loopback only.
            $output | Where-Object { $_ } | Stop-FtpLiteServer

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.UnsafeServerConfiguration,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'SecurityError'
            "$($failures[0])" | Should -BeLike 'Refusing to serve 0.0.0.0 without users: give credentials or an account file*'
            "$($failures[0].TargetObject)" | Should -BeExactly '0.0.0.0'
            Test-TcpPortOpen -Port $port | Should -BeFalse
        }

        It 'refuses the same under -WhatIf, so the check an admin runs before installing a service says what the start would' {
            $root = New-TestFolder -Prefix 'ftplite-server-unsafe-whatif'

            $output = Start-FtpLiteServer -Root $root -Address 0.0.0.0 -Port 0 -WhatIf -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.UnsafeServerConfiguration,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
        }

        It 'refuses a -Root that does not exist: FtpLite.RootNotFound' {
            $missing = Join-Path (New-TestFolder) 'missing'

            $output = Start-FtpLiteServer -Root $missing -Port 0 -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RootNotFound,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
        }

        It 'refuses an -Address that is not an IP address: FtpLite.InvalidAddress' {
            $output = Start-FtpLiteServer -Root (New-TestFolder) -Address 'not-an-address' -Port 0 -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidAddress,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
        }

        It 'refuses a -ProxyProtocolFrom entry that is not an address or network, naming it: FtpLite.InvalidAddress' {
            $output = Start-FtpLiteServer -Root (New-TestFolder) -Port 0 -ProxyProtocolFrom 127.0.0.1, '10.0.0.1/24' -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidAddress,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
            $failures[0].ToString() | Should -BeLike "*'10.0.0.1/24'*"
        }

        It 'serves a client behind a -ProxyProtocolFrom balancer under the address its PROXY header names' {
            $server = Start-FtpLiteServer -Root (New-TestFolder) -Port 0 -ProxyProtocolFrom 127.0.0.1
            try {
                $tcp = [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port)
                $stream = $tcp.GetStream()
                $bytes = [Text.Encoding]::ASCII.GetBytes("PROXY TCP4 127.0.0.9 127.0.0.1 40123 21`r`nUSER anonymous`r`nPASS x`r`nSTAT`r`nQUIT`r`n")
                $stream.Write($bytes, 0, $bytes.Length)
                $said = [IO.StreamReader]::new($stream).ReadToEnd()
                $tcp.Dispose()

                $said | Should -BeLike '*Connected from 127.0.0.9:40123*'
            }
            finally {
                $server | Stop-FtpLiteServer
            }
        }

        It 'never serves a file outside its root' {
            $parent = New-TestFolder -Prefix 'ftplite-server-jail'
            $root = Join-Path $parent 'root'
            $null = New-Item -ItemType Directory -Path $root
            $null = New-TestFile -Path (Join-Path $parent 'secret.txt') -Length 8
            $server = Start-TestServer -Root $root
            $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
            $target = New-TestFolder

            $null = Receive-FtpLiteFile -Path '../secret.txt' -Session $session -Destination $target -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            @(Get-ChildItem -LiteralPath $target -Force) | Should -HaveCount 0
        }
    }

    Context 'a file name with non-ASCII letters and spaces' {
        It 'round-trips <Name>: Send, Get, Receive, Remove' -ForEach @(
            @{ Name = 'Ünïcødé façade – naïve café.bin' }
            @{ Name = 'Ελληνικά και 日本語 ファイル.txt' }
            @{ Name = '  leading and trailing spaces  .dat' }
        ) {
            $root = New-TestFolder -Prefix 'ftplite-server-names'
            $server = Start-TestServer -Root $root
            $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
            $source = New-TestFile -Path (Join-Path (New-TestFolder) $Name) -Length 3000 -Seed 21

            $sent = Send-FtpLiteFile -LiteralPath $source.FullName -Session $session -ErrorAction Stop
            $sent.Name | Should -BeExactly $Name
            # The server stores it under the same name.
            @(Get-ChildItem -LiteralPath $root).Name | Should -Be @($Name)

            $listed = @(Get-FtpLiteItem -Session $session -ErrorAction Stop)
            $listed.Name | Should -Be @($Name)
            $listed.FullName | Should -Be @("/$Name")
            @($listed | ForEach-Object Length) | Should -Be @(3000)

            $target = New-TestFolder
            $received = $listed | Receive-FtpLiteFile -Destination $target -ErrorAction Stop
            $received.Name | Should -BeExactly $Name
            Get-TestFileHash $received.FullName | Should -Be (Get-TestFileHash $source.FullName)

            $listed | Remove-FtpLiteItem -ErrorAction Stop
            @(Get-ChildItem -LiteralPath $root) | Should -HaveCount 0
        }
    }
}

Describe 'Stop-FtpLiteServer' {
    BeforeEach {
        $root = New-TestFolder -Prefix 'ftplite-stop-root'
        $server = Start-TestServer -Root $root
    }

    AfterEach {
        Disconnect-AllFtpLite
    }

    It 'stops a server piped to it, outputs nothing, and the port no longer answers' {
        $output = $server | Stop-FtpLiteServer -ErrorAction Stop

        $output | Should -BeNullOrEmpty
        $server.State | Should -Be ([FtpLite.Server.FtpServerState]::Stopped)
        Test-TcpPortOpen -Port $server.Port | Should -BeFalse
        $null = Connect-FtpLite -Port $server.Port -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.ConnectionRefused,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
    }

    It 'stops the server given by -InputObject' {
        Stop-FtpLiteServer -InputObject $server -ErrorAction Stop

        "$($server.State)" | Should -BeExactly 'Stopped'
    }

    It 'outputs the stopped server with -PassThru' {
        $output = $server | Stop-FtpLiteServer -PassThru -ErrorAction Stop

        $output | Should -HaveCount 1
        [object]::ReferenceEquals($output, $server) | Should -BeTrue
        $output.State | Should -Be ([FtpLite.Server.FtpServerState]::Stopped)
    }

    It 'stops every server piped to it' {
        $second = Start-TestServer -Root $root

        $server, $second | Stop-FtpLiteServer -ErrorAction Stop

        $server.State | Should -Be ([FtpLite.Server.FtpServerState]::Stopped)
        $second.State | Should -Be ([FtpLite.Server.FtpServerState]::Stopped)
        Test-TcpPortOpen -Port $second.Port | Should -BeFalse
    }

    It 'stops nothing with -WhatIf' {
        $server | Stop-FtpLiteServer -WhatIf

        $server.State | Should -Be ([FtpLite.Server.FtpServerState]::Running)
        Test-TcpPortOpen -Port $server.Port | Should -BeTrue
    }

    It 'closes connected sessions: their next command fails with FtpLite.ServiceUnavailable, then FtpLite.SessionClosed' {
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

        $server | Stop-FtpLiteServer -ErrorAction Stop
        $null = Get-FtpLiteItem -Session $session -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.ServiceUnavailable,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
        $session.State | Should -BeExactly 'Closed'
        ({ Get-FtpLiteItem -Session $session } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'FtpLite.SessionClosed,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
    }

    It 'frees the port for a new server' {
        $port = $server.Port
        $server | Stop-FtpLiteServer -ErrorAction Stop

        $again = Start-FtpLiteServer -Root $root -Port $port -ErrorAction Stop
        $again | Register-TestServer

        $again.Port | Should -Be $port
        $again.State | Should -Be ([FtpLite.Server.FtpServerState]::Running)
    }

    It 'accepts a server that is already stopped' {
        $server | Stop-FtpLiteServer -ErrorAction Stop

        { $server | Stop-FtpLiteServer -ErrorAction Stop } | Should -Not -Throw
        $server.State | Should -Be ([FtpLite.Server.FtpServerState]::Stopped)
    }
}
