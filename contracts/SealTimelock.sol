// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/**
 * @title SealTimelock
 * @notice OpenZeppelin's {TimelockController} as the registry's withdrawer: a call that changes
 * past verdicts ({ISealRegistry-withdrawIssuer}) is scheduled in public (`CallScheduled`), can
 * be cancelled during the delay (`Cancelled`), and runs only after it (`CallExecuted`).
 * @dev Nothing is added to OpenZeppelin's contract; it is declared here so that the project's
 * compiler builds it with the registry's settings. It administers itself (no admin account):
 * changing its delay or its proposers goes through its own delay.
 */
contract SealTimelock is TimelockController {
    /**
     * @param minDelay seconds between scheduling and executing a call
     * @param proposers accounts that schedule calls (and may cancel them)
     * @param executors accounts that execute calls once ready
     */
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors)
        TimelockController(minDelay, proposers, executors, address(0))
    {}
}
