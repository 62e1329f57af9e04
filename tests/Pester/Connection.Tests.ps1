<#
    Connect-FtpLite and Disconnect-FtpLite: the session object, the default session, -Session, ftp:// URIs,
    and the errors for unreachable hosts, closed ports and refused logins.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    # Two servers told apart by a marker file in each root.
    $rootA = New-TestFolder -Prefix 'ftplite-conn-a'
    $rootB = New-TestFolder -Prefix 'ftplite-conn-b'
    $null = New-TestFile -Path (Join-Path $rootA 'marker-a.txt') -Length 1
    $null = New-TestFile -Path (Join-Path $rootB 'marker-b.txt') -Length 1
    $null = New-TestFile -Path (Join-Path $rootA 'sub/deeper/deep.txt') -Length 3
    $null = New-TestFile -Path (Join-Path $rootA 'with space/spaced.txt') -Length 4
    $serverA = Start-TestServer -Root $rootA
    $serverB = Start-TestServer -Root $rootB

    $alice = New-TestCredential -UserName 'alice' -Password 'correct horse'
    $rootCred = New-TestFolder -Prefix 'ftplite-conn-cred'
    $null = New-TestFile -Path (Join-Path $rootCred 'private.txt') -Length 2
    $credServer = Start-TestServer -Root $rootCred -Credential $alice

    function Get-RemoteNames { param($Session) @(Get-FtpLiteItem -Session $Session -ErrorAction Stop | ForEach-Object Name) }
    function Get-DefaultNames { @(Get-FtpLiteItem -ErrorAction Stop | ForEach-Object Name) }
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Connect-FtpLite' {
    AfterEach {
        Disconnect-AllFtpLite
    }

    It 'outputs a connected FtpLiteSession describing the connection' {
        $session = Connect-FtpLite -ComputerName 127.0.0.1 -Port $serverA.Port -ErrorAction Stop

        $session | Should -HaveCount 1
        $session | Should -BeOfType ([FtpLite.PowerShell.FtpLiteSession])
        $session.State | Should -BeExactly 'Connected'
        $session.ComputerName | Should -BeExactly '127.0.0.1'
        $session.Port | Should -Be $serverA.Port
        $session.UserName | Should -BeExactly 'anonymous'
        $session.WorkingDirectory | Should -BeExactly '/'
        $session.Greeting | Should -Not -BeNullOrEmpty
        $session.Name | Should -BeExactly "FtpLite$($session.Id)"
    }

    It 'names the session with -Name' {
        $session = Connect-FtpLite -Port $serverA.Port -Name 'primary' -ErrorAction Stop

        $session.Name | Should -BeExactly 'primary'
    }

    It 'gives every session a different Id' {
        $first = Connect-FtpLite -Port $serverA.Port -ErrorAction Stop
        $second = Connect-FtpLite -Port $serverA.Port -ErrorAction Stop

        $second.Id | Should -Not -Be $first.Id
    }

    It 'makes the newest session the default one' {
        $null = Connect-FtpLite -Port $serverA.Port -ErrorAction Stop
        Get-DefaultNames | Should -Contain 'marker-a.txt'

        $null = Connect-FtpLite -Port $serverB.Port -ErrorAction Stop
        Get-DefaultNames | Should -Be @('marker-b.txt')
    }

    It 'lets -Session pick a session that is not the default' {
        $a = Connect-FtpLite -Port $serverA.Port -ErrorAction Stop
        $null = Connect-FtpLite -Port $serverB.Port -ErrorAction Stop

        Get-RemoteNames -Session $a | Should -Contain 'marker-a.txt'
        Get-DefaultNames | Should -Be @('marker-b.txt')
    }

    It 'takes the host from the pipeline' {
        $session = '127.0.0.1' | Connect-FtpLite -Port $serverB.Port -ErrorAction Stop

        $session.ComputerName | Should -BeExactly '127.0.0.1'
        Get-RemoteNames -Session $session | Should -Be @('marker-b.txt')
    }

    It 'resolves a host name (localhost)' {
        $session = Connect-FtpLite localhost -Port $serverB.Port -ErrorAction Stop

        $session.ComputerName | Should -BeExactly 'localhost'
        Get-RemoteNames -Session $session | Should -Be @('marker-b.txt')
    }

    It 'sends each data command alone with -NoCommandPipelining, and pairs it with EPSV without' {
        # The wire-level behaviour (and the fallback when a server drops a paired command) is in PipelinedEpsvTests.
        $alone = Connect-FtpLite -Port $serverB.Port -NoCommandPipelining -ErrorAction Stop
        $alone.Client.Options.PipelineCommands | Should -BeFalse
        Get-RemoteNames -Session $alone | Should -Be @('marker-b.txt')
        Get-RemoteNames -Session $alone | Should -Be @('marker-b.txt')
        (Connect-FtpLite -Port $serverB.Port -ErrorAction Stop).Client.Options.PipelineCommands | Should -BeTrue
    }

    It 'logs in with -Credential' {
        $session = Connect-FtpLite -Port $credServer.Port -Credential $alice -ErrorAction Stop

        $session.UserName | Should -BeExactly 'alice'
        Get-RemoteNames -Session $session | Should -Be @('private.txt')
    }

    Context 'with an ftp:// URI' {
        It 'takes host and port from the URI and makes its path the working directory' {
            $session = Connect-FtpLite "ftp://127.0.0.1:$($serverA.Port)/sub/deeper" -ErrorAction Stop

            $session.Port | Should -Be $serverA.Port
            $session.ComputerName | Should -BeExactly '127.0.0.1'
            $session.WorkingDirectory | Should -BeExactly '/sub/deeper'
            Get-DefaultNames | Should -Be @('deep.txt')
        }

        It 'decodes an escaped path (%20)' {
            $session = Connect-FtpLite "ftp://127.0.0.1:$($serverA.Port)/with%20space" -ErrorAction Stop

            $session.WorkingDirectory | Should -BeExactly '/with space'
            Get-DefaultNames | Should -Be @('spaced.txt')
        }

        It 'uses -Port when the URI has no port' {
            $session = Connect-FtpLite 'ftp://127.0.0.1/sub' -Port $serverA.Port -ErrorAction Stop

            $session.Port | Should -Be $serverA.Port
            $session.WorkingDirectory | Should -BeExactly '/sub'
        }

        It 'fails with FtpLite.RemoteItemNotFound for a path that does not exist, and opens no session' {
            $output = Connect-FtpLite "ftp://127.0.0.1:$($serverA.Port)/no/such/folder" -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
            ({ Get-FtpLiteItem } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'FtpLite.NoSession,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
        }

        It 'fails with FtpLite.InvalidUri for <Uri>' -ForEach @(
            @{ Uri = 'ftp://alice:secret@127.0.0.1/' }
            @{ Uri = 'http://127.0.0.1/' }
        ) {
            $output = Connect-FtpLite $Uri -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidUri,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        }
    }

    Context 'failures' {
        It 'fails with FtpLite.ConnectionRefused on a closed port' {
            $closedPort = Get-FreeTcpPort
            $output = Connect-FtpLite -Port $closedPort -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.ConnectionRefused,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        }

        It 'fails with FtpLite.HostNotFound for a name under the reserved .invalid domain' {
            $output = Connect-FtpLite 'ftplite-no-such-host.invalid' -Port 21 -TimeoutSec 20 -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.HostNotFound,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
            $failures[0].TargetObject | Should -BeExactly 'ftplite-no-such-host.invalid'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'fails with FtpLite.LoginFailed for a wrong password' {
            $wrong = New-TestCredential -UserName 'alice' -Password 'wrong horse'
            $output = Connect-FtpLite -Port $credServer.Port -Credential $wrong -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LoginFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
            "$($failures[0])" | Should -Not -Match 'wrong horse'
            "$($failures[0].Exception)" | Should -Not -Match 'wrong horse'
        }

        It 'fails with FtpLite.LoginFailed when logging in anonymously to a server with users only' {
            $output = Connect-FtpLite -Port $credServer.Port -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LoginFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        }

        It 'fails with FtpLite.NoGreeting after <Wait> s when the port accepts but never greets (-TimeoutSec <TimeoutSec>)' -ForEach @(
            @{ TimeoutSec = 30; Wait = 5 }   # the greeting is waited for 5 s, not the whole -TimeoutSec
            @{ TimeoutSec = 1; Wait = 1 }    # nor longer than -TimeoutSec
        ) {
            # Accepts connections (the kernel completes the handshake) but never says anything.
            $silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $silent.Start()
            $port = $silent.LocalEndpoint.Port
            try {
                $output = Connect-FtpLite -Port $port -TimeoutSec $TimeoutSec -ErrorAction SilentlyContinue -ErrorVariable failures
            }
            finally {
                $silent.Stop()
            }

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.NoGreeting,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
            $failures[0].Exception.Message | Should -BeLike "*127.0.0.1:$port accepted the connection but sent no FTP greeting within $Wait s*-Encryption Implicit*"
        }

        It 'fails with FtpLite.ProtocolError when the port answers with something that is not FTP' {
            # Accepts one connection and greets it as a web server would.
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            $job = Start-ThreadJob -ArgumentList $listener -ScriptBlock {
                param($listener)
                $client = $listener.AcceptTcpClient()
                $bytes = [System.Text.Encoding]::ASCII.GetBytes("HTTP/1.0 200 OK`r`n")
                $client.GetStream().Write($bytes, 0, $bytes.Length)
                $client
            }
            try {
                $output = Connect-FtpLite -Port $listener.LocalEndpoint.Port -TimeoutSec 5 -ErrorAction SilentlyContinue -ErrorVariable failures
            }
            finally {
                $listener.Stop()
                $job | Wait-Job | Receive-Job -ErrorAction Ignore | ForEach-Object Dispose
                $job | Remove-Job -Force
            }

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.ProtocolError,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        }

        It 'connects to port 21 for a host name, as every FTP client does, 990 for implicit TLS, and 1452 without a host' -ForEach @(
            @{ Arguments = @{ ComputerName = '127.0.0.1' }; Expected = '127.0.0.1:21' }
            @{ Arguments = @{ ComputerName = '127.0.0.1'; Encryption = 'Implicit' }; Expected = '127.0.0.1:990' }
            @{ Arguments = @{ ComputerName = 'ftp://127.0.0.1/' }; Expected = '127.0.0.1:21' }
            @{ Arguments = @{}; Expected = '127.0.0.1:1452' }
        ) {
            # Whether anything answers there does not matter: the first verbose message says where it went.
            $verbose = Connect-FtpLite @Arguments -TimeoutSec 5 -Verbose -ErrorAction SilentlyContinue 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            "$(@($verbose)[0])" | Should -BeLike "Connecting to $Expected as *"
        }

        It 'leaves the default session as it was when a connection fails' {
            $null = Connect-FtpLite -Port $serverB.Port -ErrorAction Stop
            $null = Connect-FtpLite -Port (Get-FreeTcpPort) -ErrorAction SilentlyContinue

            Get-DefaultNames | Should -Be @('marker-b.txt')
        }
    }
}

Describe 'Disconnect-FtpLite' {
    AfterEach {
        Disconnect-AllFtpLite
    }

    It 'closes the default session and outputs nothing' {
        $session = Connect-FtpLite -Port $serverA.Port -ErrorAction Stop

        $output = Disconnect-FtpLite -ErrorAction Stop

        $output | Should -BeNullOrEmpty
        $session.State | Should -BeExactly 'Closed'
    }

    It 'closes the session given with -Session and keeps the default one' {
        $a = Connect-FtpLite -Port $serverA.Port -ErrorAction Stop
        $b = Connect-FtpLite -Port $serverB.Port -ErrorAction Stop

        Disconnect-FtpLite -Session $a -ErrorAction Stop

        $a.State | Should -BeExactly 'Closed'
        $b.State | Should -BeExactly 'Connected'
        Get-DefaultNames | Should -Be @('marker-b.txt')
    }

    It 'makes the previously opened session the default after closing the default one' {
        $a = Connect-FtpLite -Port $serverA.Port -ErrorAction Stop
        $b = Connect-FtpLite -Port $serverB.Port -ErrorAction Stop

        Disconnect-FtpLite -ErrorAction Stop

        $b.State | Should -BeExactly 'Closed'
        $a.State | Should -BeExactly 'Connected'
        Get-DefaultNames | Should -Contain 'marker-a.txt'
    }

    It 'closes sessions piped to it' {
        $a = Connect-FtpLite -Port $serverA.Port -ErrorAction Stop
        $b = Connect-FtpLite -Port $serverB.Port -ErrorAction Stop

        $a, $b | Disconnect-FtpLite -ErrorAction Stop

        $a.State | Should -BeExactly 'Closed'
        $b.State | Should -BeExactly 'Closed'
        ({ Get-FtpLiteItem } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'FtpLite.NoSession,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
    }

    It 'frees the server side of the connection' {
        $before = $serverB.TotalConnections
        $session = Connect-FtpLite -Port $serverB.Port -ErrorAction Stop
        $serverB.TotalConnections | Should -Be ($before + 1)

        Disconnect-FtpLite -Session $session -ErrorAction Stop

        # The server notices the QUIT asynchronously: wait (bounded) for the count to drop, assert the outcome.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ($serverB.ConnectionCount -ne 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $serverB.ConnectionCount | Should -Be 0
    }

    It 'fails with FtpLite.SessionClosed when a closed session is used' {
        $session = Connect-FtpLite -Port $serverA.Port -Name 'gone' -ErrorAction Stop
        Disconnect-FtpLite -Session $session -ErrorAction Stop

        $failure = { Get-FtpLiteItem -Session $session } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeExactly 'FtpLite.SessionClosed,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
    }

    It 'reports FtpLite.NoSession when there is no session' {
        $output = Disconnect-FtpLite -ErrorAction SilentlyContinue -ErrorVariable failures

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.NoSession,FtpLite.PowerShell.Cmdlets.DisconnectFtpLiteCommand'
    }

    It 'makes the client cmdlets fail with FtpLite.NoSession once the last session is closed' {
        $null = Connect-FtpLite -Port $serverA.Port -ErrorAction Stop
        Disconnect-FtpLite -ErrorAction Stop

        $failure = { Get-FtpLiteItem } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeExactly 'FtpLite.NoSession,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
    }
}
